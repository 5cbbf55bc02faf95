import type { RefObject } from 'react';
import type { FieldErrors } from '@/lib/errors';

interface Props {
  failed: { message: string; fieldErrors: FieldErrors } | null;
  succeeded: string | null;
  alertRef: RefObject<HTMLDivElement | null>;
  /** Given, the success message can take focus (the form moves it there after a save). */
  statusRef?: RefObject<HTMLParagraphElement | null>;
  /** Prefix of field ids in this form, so the summary links reach the right inputs. */
  idPrefix?: string;
}

/** The outcome of a form's last submission: a focused error summary, or a polite success note. */
export function FormStatus({ failed, succeeded, alertRef, statusRef, idPrefix = 'field' }: Props) {
  if (failed) {
    const fieldEntries = Object.entries(failed.fieldErrors).filter(([name]) => name !== '_form');
    const formMessages = failed.fieldErrors._form ?? [];
    return (
      <div role="alert" className="form-alert" tabIndex={-1} ref={alertRef}>
        <p>{failed.message}</p>
        {formMessages.length > 0 || fieldEntries.length > 0 ? (
          <ul>
            {formMessages.map((message) => (
              <li key={message}>{message}</li>
            ))}
            {fieldEntries.map(([name, messages]) => (
              <li key={name}>
                <a href={`#${idPrefix}-${name.replace(/\./g, '-')}`}>{messages[0]}</a>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    );
  }
  if (succeeded) {
    return (
      <p role="status" className="notice success" ref={statusRef} tabIndex={statusRef ? -1 : undefined}>
        {succeeded}
      </p>
    );
  }
  return null;
}
