'use client';

import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';

interface DeferredFormsPage {
  claimId: number;
  /** The form `?edit=` asked to render open. */
  openForm: string | null;
  /** A duplicate's own page (`?view=duplicate`), which its links must keep: without it the address leads to the kept claim. */
  duplicateView: boolean;
}

/** The claim page's deferred forms: its address, and the form `?edit=` asked to render open. */
const DeferredForms = createContext<DeferredFormsPage | null>(null);

/** Which of the page's deferred forms renders open (page.tsx reads `?edit=`, checked against EDIT_FORM). */
export function DeferredFormsProvider({ children, ...page }: DeferredFormsPage & { children: ReactNode }) {
  return <DeferredForms.Provider value={page}>{children}</DeferredForms.Provider>;
}

interface Props {
  summary: string;
  className: string;
  defaultOpen: boolean;
  children: ReactNode;
  id?: string;
  /**
   * Given, the form inside is rendered only once the disclosure opens, so a claim page does not
   * carry the markup of every form it offers (one per evidence item, and the rarely used ones).
   * Without JavaScript an opened disclosure shows a link instead: the same page with this one form
   * rendered open (`?edit=<deferred>`).
   */
  deferred?: string;
  /** The words of that link; "Open the form" unless the disclosure holds something else. */
  deferredLink?: string;
}

/**
 * A <details> that keeps its open state across server refreshes. It starts open when asked to —
 * for instance because the form inside has just reported an outcome, which after a post without
 * JavaScript would otherwise sit hidden in a closed disclosure — and afterwards follows the person.
 */
export function FormDisclosure({ summary, className, defaultOpen, children, id, deferred, deferredLink = 'Open the form' }: Props) {
  const page = useContext(DeferredForms);
  const asked = deferred !== undefined && page?.openForm === deferred;
  const [open, setOpen] = useState(defaultOpen || asked);
  // Once opened, a deferred form stays rendered while closed, so what was typed in it survives.
  const [opened, setOpened] = useState(open);
  const ref = useRef<HTMLDetailsElement>(null);
  // Opened before the page was interactive: the toggle event came before React listened.
  useEffect(() => {
    if (ref.current?.open) {
      setOpen(true);
      setOpened(true);
    }
  }, []);
  const anchor = id ?? (deferred ? `form-${deferred}` : undefined);
  return (
    <details
      ref={ref}
      id={anchor}
      className={className}
      open={open}
      onToggle={(event) => {
        setOpen(event.currentTarget.open);
        if (event.currentTarget.open) setOpened(true);
      }}
    >
      <summary>{summary}</summary>
      {deferred === undefined || open || opened || !page ? (
        children
      ) : (
        <p className="deferred-form">
          <a href={`/claims/${page.claimId}?${page.duplicateView ? 'view=duplicate&' : ''}edit=${deferred}#${anchor}`}>{deferredLink}</a>
        </p>
      )}
    </details>
  );
}

/** Whether a form has something to say: an error summary or a success message. */
export function hasOutcome(form: { failed: unknown; succeeded: string | null }): boolean {
  return form.failed !== null || form.succeeded !== null;
}
