'use client';

import { useRouter } from 'next/navigation';
import { useEffect } from 'react';
import { ROLES } from '@/lib/vocabulary';
import { PASSWORD_MIN } from '@/lib/validation/user';
import { Field } from '../../../_components/field';
import { FormStatus } from '../../../_components/form-status';
import { useActionForm } from '../../../_components/use-action-form';
import { changeUserRoleAction, createUserAction, disableUserAction, enableUserAction, endUserSessionsAction } from '../actions';

const ROLES_HINT =
  'Reviewers capture claims, evidence and assessments; editors also publish verdicts, export, and manage API keys and webhooks; admins also manage users and the organisation.';

/** After a version conflict the server sends the current version; show the current row too. */
function useRefreshAfterConflict(echoedVersion: string | undefined, shownVersion: number) {
  const router = useRouter();
  const stale = echoedVersion !== undefined && echoedVersion !== String(shownVersion);
  useEffect(() => {
    if (stale) router.refresh();
  }, [stale, router]);
}

export function CreateUserForm() {
  const form = useActionForm(createUserAction);
  const prefix = 'new-user';
  return (
    // One grid with the form, so the outcome keeps the form's spacing.
    <div className="form-with-status">
      <FormStatus failed={form.failed} succeeded={form.succeeded} alertRef={form.alertRef} idPrefix={prefix} />
      <form action={form.formAction} key={form.formKey} className="form user-create-form" noValidate>
        <Field name="name" idPrefix={prefix} label="Name" errors={form.errors.name}>
          {(p) => <input {...p} type="text" maxLength={200} autoComplete="off" defaultValue={form.value('name')} required />}
        </Field>
        <Field name="email" idPrefix={prefix} label="Email" errors={form.errors.email}>
          {(p) => <input {...p} type="email" maxLength={320} autoComplete="off" defaultValue={form.value('email')} required />}
        </Field>
        <Field name="role" idPrefix={prefix} label="Role" errors={form.errors.role} hint={ROLES_HINT}>
          {(p) => (
            <select {...p} defaultValue={form.value('role', 'reviewer')}>
              {ROLES.map((role) => (
                <option key={role} value={role}>
                  {role}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          name="password"
          idPrefix={prefix}
          label="Initial password"
          errors={form.errors.password}
          hint={`At least ${PASSWORD_MIN} characters. Give it to them in person or another safe channel; it is stored only as a hash.`}
        >
          {(p) => <input {...p} type="password" minLength={PASSWORD_MIN} maxLength={1024} autoComplete="new-password" required />}
        </Field>
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={form.pending}>
            {form.pending ? 'Creating…' : 'Create user'}
          </button>
        </div>
      </form>
    </div>
  );
}

interface RowProps {
  userId: number;
  name: string;
  version: number;
}

/** The role of one user, changed with its own small form. */
export function UserRoleForm({ userId, name, version, role }: RowProps & { role: (typeof ROLES)[number] }) {
  const form = useActionForm(changeUserRoleAction);
  const prefix = `role-${userId}`;
  useRefreshAfterConflict(form.failed?.values.version, version);
  return (
    <div className="user-row-form">
      <FormStatus failed={form.failed} succeeded={form.succeeded} alertRef={form.alertRef} idPrefix={prefix} />
      <form action={form.formAction} key={`${form.formKey}-${version}`} className="user-role-form">
        <input type="hidden" name="userId" value={userId} />
        <input type="hidden" name="version" value={form.value('version', String(version))} />
        <label htmlFor={`${prefix}-role`} className="visually-hidden">
          Role of {name}
        </label>
        <select id={`${prefix}-role`} name="role" defaultValue={form.value('role', role)}>
          {ROLES.map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </select>
        <button type="submit" className="button" disabled={form.pending} aria-label={`Change role of ${name}`}>
          {form.pending ? 'Saving…' : 'Change role'}
        </button>
      </form>
    </div>
  );
}

/** Disables an active user, or re-enables a disabled one. */
export function UserStatusForm({ userId, name, version, disabled }: RowProps & { disabled: boolean }) {
  const form = useActionForm(disabled ? enableUserAction : disableUserAction);
  useRefreshAfterConflict(form.failed?.values.version, version);
  const label = disabled ? 'Re-enable' : 'Disable';
  return (
    <div className="user-row-form">
      <FormStatus failed={form.failed} succeeded={form.succeeded} alertRef={form.alertRef} idPrefix={`status-${userId}`} />
      <form action={form.formAction} key={`${form.formKey}-${version}`}>
        <input type="hidden" name="userId" value={userId} />
        <input type="hidden" name="version" value={form.value('version', String(version))} />
        <button type="submit" className={`button${disabled ? '' : ' danger'}`} disabled={form.pending} aria-label={`${label} ${name}`}>
          {form.pending ? (disabled ? 'Re-enabling…' : 'Disabling…') : label}
        </button>
      </form>
    </div>
  );
}

/** Ends every session of a person without disabling them (a lost laptop, a shared computer). */
export function EndSessionsForm({ userId, name }: { userId: number; name: string }) {
  const form = useActionForm(endUserSessionsAction);
  return (
    <div className="user-row-form">
      <FormStatus failed={form.failed} succeeded={form.succeeded} alertRef={form.alertRef} idPrefix={`sessions-${userId}`} />
      <form action={form.formAction} key={form.formKey}>
        <input type="hidden" name="userId" value={userId} />
        <button type="submit" className="button" disabled={form.pending} aria-label={`End sessions of ${name}`}>
          {form.pending ? 'Ending…' : 'End sessions'}
        </button>
      </form>
    </div>
  );
}
