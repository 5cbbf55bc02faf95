'use server';

import { revalidatePath } from 'next/cache';
import { runAction, type ActionResult } from '@/lib/http/server-action';
import { changeUserRole, createUser, disableUser, enableUser } from '@/lib/admin/users';
import { endSessionsOf } from '@/lib/admin/user-sessions';
import { EndSessions } from '@/lib/validation/account';
import { UserCreate, UserRoleChange, UserStatusChange } from '@/lib/validation/user';

const PATH = '/settings/users';

export type UserFormResult = ActionResult<{ message: string }> | null;

/** A refused form comes back with what was typed, except the password. */
function withoutPassword(result: Exclude<UserFormResult, null>): UserFormResult {
  if (result.ok) return result;
  const { password: _password, ...values } = result.values;
  return { ...result, values };
}

export async function createUserAction(_: UserFormResult, formData: FormData): Promise<UserFormResult> {
  const result = await runAction({
    permission: 'user:manage',
    schema: UserCreate,
    formData,
    run: async (actor, input, db) => {
      const user = await createUser(db, actor, input);
      return { message: `Created ${user.name} (${user.email}) as ${user.role}. They can sign in with the password you chose.` };
    },
  });
  if (result.ok) revalidatePath(PATH);
  return withoutPassword(result);
}

export async function changeUserRoleAction(_: UserFormResult, formData: FormData): Promise<UserFormResult> {
  const result = await runAction({
    permission: 'user:manage',
    schema: UserRoleChange,
    formData,
    run: (actor, input, db) => {
      const user = changeUserRole(db, actor, input);
      return { message: `${user.name} is now ${/^[aeiou]/.test(user.role) ? 'an' : 'a'} ${user.role}.` };
    },
  });
  if (result.ok) revalidatePath(PATH);
  return result;
}

export async function disableUserAction(_: UserFormResult, formData: FormData): Promise<UserFormResult> {
  const result = await runAction({
    permission: 'user:manage',
    schema: UserStatusChange,
    formData,
    run: (actor, input, db) => {
      const user = disableUser(db, actor, input);
      return { message: `Disabled ${user.name}; their sessions have ended.` };
    },
  });
  if (result.ok) revalidatePath(PATH);
  return result;
}

export async function enableUserAction(_: UserFormResult, formData: FormData): Promise<UserFormResult> {
  const result = await runAction({
    permission: 'user:manage',
    schema: UserStatusChange,
    formData,
    run: (actor, input, db) => {
      const user = enableUser(db, actor, input);
      return { message: `Re-enabled ${user.name}; they can sign in again.` };
    },
  });
  if (result.ok) revalidatePath(PATH);
  return result;
}

/** Ends every session of a person without disabling them; they can sign in again. */
export async function endUserSessionsAction(_: UserFormResult, formData: FormData): Promise<UserFormResult> {
  return runAction({
    permission: 'user:manage',
    schema: EndSessions,
    formData,
    run: (actor, input, db) => {
      const user = endSessionsOf(db, actor, input);
      return { message: `Ended every session of ${user.name}; they can sign in again.` };
    },
  });
}
