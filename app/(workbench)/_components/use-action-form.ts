'use client';

import { useActionState, useEffect, useRef, useState } from 'react';
import type { FieldErrors } from '@/lib/errors';
import type { ActionResult } from '@/lib/http/server-action';

type Result = ActionResult<{ message: string }> | null;

/**
 * The state every workbench form needs: errors by field, the values to show again after a failed
 * save (the server echoes them), a message after success, and a key that re-mounts the form — with
 * the echoed values after a failure, empty after a success.
 */
export function useActionForm(
  action: (previous: Result, formData: FormData) => Promise<Result>,
  options: { focusOnSuccess?: boolean } = {},
) {
  const [state, formAction, pending] = useActionState(action, null);
  const [seen, setSeen] = useState(state);
  const [generation, setGeneration] = useState(0);
  const alertRef = useRef<HTMLDivElement>(null);
  // With focusOnSuccess, the confirmation takes focus and is scrolled into view (issue 14): after a
  // long form, a polite message below the fold is easy to miss, for eyes and screen readers alike.
  const statusRef = useRef<HTMLParagraphElement>(null);
  const focusOnSuccess = options.focusOnSuccess === true;
  const failed = state?.ok === false ? state : null;

  // Re-key during render (not in an effect) so the form re-mounts before focus moves to the alert.
  if (state !== seen) {
    setSeen(state);
    setGeneration((g) => g + 1);
  }

  useEffect(() => {
    if (state?.ok === false) alertRef.current?.focus();
    else if (state?.ok === true && focusOnSuccess && statusRef.current) {
      statusRef.current.focus({ preventScroll: true });
      statusRef.current.scrollIntoView({ block: 'center' });
    }
  }, [state, generation, focusOnSuccess]);

  const errors: FieldErrors = failed?.fieldErrors ?? {};
  const values = failed?.values ?? {};
  return {
    formAction,
    pending,
    errors,
    failed,
    succeeded: state?.ok === true ? state.data.message : null,
    alertRef,
    statusRef: focusOnSuccess ? statusRef : undefined,
    formKey: String(generation),
    value: (name: string, fallback = '') => values[name] ?? fallback,
  };
}
