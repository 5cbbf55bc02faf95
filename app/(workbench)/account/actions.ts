'use server';

import { cookies, headers } from 'next/headers';
import { changeOwnPassword } from '@/lib/auth/account';
import { clientAddress } from '@/lib/http/client-address';
import { getEnv } from '@/lib/env';
import { runAction, type ActionResult } from '@/lib/http/server-action';
import { PasswordChange } from '@/lib/validation/account';

export type AccountFormResult = ActionResult<{ message: string }> | null;

/**
 * Changes the signed-in person's password: every other session of theirs ends, and this browser
 * gets a fresh session cookie so it stays signed in. Nothing typed comes back to the form.
 */
export async function changePasswordAction(_: AccountFormResult, formData: FormData): Promise<AccountFormResult> {
  const address = clientAddress(await headers(), getEnv().TRUST_PROXY);
  const result = await runAction({
    permission: 'account:manage',
    schema: PasswordChange,
    formData,
    run: async (actor, input, db) => {
      const session = await changeOwnPassword(db, actor, input, address);
      (await cookies()).set(session.name, session.value, session.options);
      return { message: 'Your password is changed. Every other session of yours has ended; this one goes on.' };
    },
  });
  return result.ok ? result : { ...result, values: {} };
}
