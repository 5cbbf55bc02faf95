'use client';

import { PASSWORD_MIN } from '@/lib/validation/user';
import { Field } from '../../_components/field';
import { FormStatus } from '../../_components/form-status';
import { useActionForm } from '../../_components/use-action-form';
import { changePasswordAction } from '../actions';

/** Current password, then the new one twice. Works as a plain form post without JavaScript too. */
export function PasswordForm() {
  const form = useActionForm(changePasswordAction);
  const prefix = 'password';
  return (
    <div className="form-with-status">
      <FormStatus failed={form.failed} succeeded={form.succeeded} alertRef={form.alertRef} idPrefix={prefix} />
      <form action={form.formAction} key={form.formKey} className="form" noValidate>
        <Field name="currentPassword" idPrefix={prefix} label="Current password" errors={form.errors.currentPassword}>
          {(p) => <input {...p} type="password" maxLength={1024} autoComplete="current-password" required />}
        </Field>
        <Field name="newPassword" idPrefix={prefix} label="New password" errors={form.errors.newPassword} hint={`At least ${PASSWORD_MIN} characters.`}>
          {(p) => <input {...p} type="password" minLength={PASSWORD_MIN} maxLength={1024} autoComplete="new-password" required />}
        </Field>
        <Field name="confirmPassword" idPrefix={prefix} label="New password again" errors={form.errors.confirmPassword}>
          {(p) => <input {...p} type="password" minLength={PASSWORD_MIN} maxLength={1024} autoComplete="new-password" required />}
        </Field>
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={form.pending}>
            {form.pending ? 'Changing…' : 'Change password'}
          </button>
        </div>
      </form>
    </div>
  );
}
