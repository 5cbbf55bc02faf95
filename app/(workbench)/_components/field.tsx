import type { ReactNode } from 'react';

export interface FieldProps {
  name: string;
  /** Distinguishes ids when one page holds several forms with the same field names. */
  idPrefix?: string;
  label: string;
  errors?: string[];
  hint?: string;
  className?: string;
  children: (props: {
    id: string;
    name: string;
    'aria-invalid': true | undefined;
    'aria-describedby': string | undefined;
  }) => ReactNode;
}

/** A labelled control with its hint and errors beside it, wired up for screen readers. */
export function Field({ name, idPrefix = 'field', label, errors, hint, className, children }: FieldProps) {
  const id = `${idPrefix}-${name.replace(/\./g, '-')}`;
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const describedBy = [hint ? hintId : null, errors?.length ? errorId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${errors?.length ? ' has-error' : ''}${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p id={hintId} className="hint">
          {hint}
        </p>
      ) : null}
      {children({ id, name, 'aria-invalid': errors?.length ? true : undefined, 'aria-describedby': describedBy })}
      {errors?.length ? (
        <p id={errorId} className="field-error">
          {errors.join(' ')}
        </p>
      ) : null}
    </div>
  );
}
