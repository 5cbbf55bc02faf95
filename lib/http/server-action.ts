import 'server-only';
import { getDb } from '@/lib/database';
import type { Db } from '@/db/open';
import type { z } from 'zod';
import { getCurrentActor } from '@/lib/auth/session';
import { ConflictError } from '@/lib/history/conflicts';
import { AppError, validationError, type FieldErrors } from '@/lib/errors';
import { assertCan, type Actor, type Permission } from '@/lib/auth/permissions';

/** What every server action returns to its form. `values` echoes the input so nothing typed is lost. */
export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; message: string; fieldErrors: FieldErrors; values: Record<string, string> };

/**
 * Flattens FormData to strings: a repeated field (checkboxes) is joined with commas; files and
 * Next's internal $ACTION fields are dropped.
 */
export function formValues(formData: FormData): Record<string, string> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [key, value] of formData.entries()) {
    if (typeof value !== 'string' || key.startsWith('$ACTION')) continue;
    out[key] = Object.hasOwn(out, key) ? `${out[key]},${value}` : value;
  }
  // A plain object again: React sends only plain objects back to the form.
  return { ...out };
}

/**
 * The one path every server action takes : authenticate, authorise, parse with
 * the shared zod schema, run the domain call. Server actions are public POST endpoints, so none
 * skips this. Callers redirect / revalidate after it returns, outside any try block.
 */
export async function runAction<S extends z.ZodType, T>(options: {
  permission: Permission;
  schema: S;
  /** Declared FormData by every action, but it is whatever the request carried. */
  formData: unknown;
  /** The domain call, given the database: app/ never opens it itself. */
  run: (actor: Actor, input: z.output<S>, db: Db) => T | Promise<T>;
}): Promise<ActionResult<T>> {
  // React's client always sends the form's FormData; a hand-made request (or a no-JavaScript post
  // that lost its form state) can send anything in its place, or nothing.
  if (!(options.formData instanceof FormData)) {
    return { ok: false, message: 'The form could not be read. Reload the page and try again.', fieldErrors: {}, values: {} };
  }
  const values = formValues(options.formData);
  try {
    const actor = await getCurrentActor();
    assertCan(actor, options.permission);
    const parsed = options.schema.safeParse(values);
    if (!parsed.success) throw validationError(parsed.error);
    const data = await options.run(actor, parsed.data, getDb());
    return { ok: true, data };
  } catch (error) {
    if (error instanceof ConflictError) {
      // Keep what the person typed, but move the form to the current version: saving again is a
      // deliberate choice to replace the newer change they have now been shown.
      return { ok: false, message: error.message, fieldErrors: {}, values: { ...values, version: String(error.currentVersion) } };
    }
    if (error instanceof AppError) {
      const message = error.code === 'bad_request' ? 'Please fix the highlighted fields.' : error.message;
      return { ok: false, message, fieldErrors: error.fieldErrors, values };
    }
    console.error(error);
    return { ok: false, message: 'Something went wrong; nothing was saved. Please try again.', fieldErrors: {}, values };
  }
}
