'use client';

import { useState, type ReactNode } from 'react';

/**
 * A <details> that keeps its open state across server refreshes. It starts open when asked to —
 * for instance because the form inside has just reported an outcome, which after a post without
 * JavaScript would otherwise sit hidden in a closed disclosure — and afterwards follows the person.
 */
export function FormDisclosure({ summary, className, defaultOpen, children, id }: { summary: string; className: string; defaultOpen: boolean; children: ReactNode; id?: string }) {
  const [open, setOpen] = useState(defaultOpen);
  return (
    <details id={id} className={className} open={open} onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>{summary}</summary>
      {children}
    </details>
  );
}

/** Whether a form has something to say: an error summary or a success message. */
export function hasOutcome(form: { failed: unknown; succeeded: string | null }): boolean {
  return form.failed !== null || form.succeeded !== null;
}
