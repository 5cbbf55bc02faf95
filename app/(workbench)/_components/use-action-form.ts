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
export function useActionForm(action: (previous: Result, formData: FormData) => Promise<Result>) {
  const [state, formAction, pending] = useActionState(action, null);
  const [seen, setSeen] = useState(state);
  const [generation, setGeneration] = useState(0);
  const alertRef = useRef<HTMLDivElement>(null);
  const failed = state?.ok === false ? state : null;

  // Re-key during render (not in an effect) so the form re-mounts before focus moves to the alert.
  if (state !== seen) {
    setSeen(state);
    setGeneration((g) => g + 1);
  }

  useEffect(() => {
    if (state?.ok === false) alertRef.current?.focus();
  }, [state, generation]);

  const errors: FieldErrors = failed?.fieldErrors ?? {};
  const values = failed?.values ?? {};
  return {
    formAction,
    pending,
    errors,
    failed,
    succeeded: state?.ok === true ? state.data.message : null,
    alertRef,
    formKey: String(generation),
    value: (name: string, fallback = '') => values[name] ?? fallback,
  };
}
