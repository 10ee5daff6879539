import { useId } from 'react';
import type { ComponentChildren, JSX } from 'preact';

export interface FieldProps {
  label: string;
  /** Help shown under the control. */
  hint?: string;
  /** The field's error (client zod issue or server problem+json field error). */
  error?: string;
  required?: boolean;
  /** Renders the control with the ids it must carry. */
  children: (ids: { id: string; describedBy: string | undefined; invalid: boolean }) => ComponentChildren;
  className?: string;
}

/** Label, control, hint and error wired together for assistive technology (aria-describedby, aria-invalid). */
export function Field({ label, hint, error, required, children, className }: FieldProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={['dc-field', error ? 'has-error' : '', className ?? ''].filter(Boolean).join(' ')}>
      <label className="dc-label" htmlFor={id}>
        {label}
        {required && (
          <span className="dc-required" aria-hidden="true">
            {' '}
            *
          </span>
        )}
      </label>
      {children({ id, describedBy, invalid: Boolean(error) })}
      {hint && (
        <p id={hintId} className="dc-hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId} className="dc-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

type TFieldChrome = Pick<FieldProps, 'label' | 'hint' | 'error'>;

export type InputProps = TFieldChrome & Omit<JSX.InputHTMLAttributes<HTMLInputElement>, 'label'> & { onValue?: (value: string) => void };

export function Input({ label, hint, error, required, className, onValue, onInput, ...rest }: InputProps) {
  return (
    <Field label={label} hint={hint} error={error} required={Boolean(required)} className={String(className ?? '')}>
      {({ id, describedBy, invalid }) => (
        <input
          {...rest}
          id={id}
          required={required}
          className="dc-input"
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          onInput={(event) => {
            onValue?.(event.currentTarget.value);
            if (typeof onInput === 'function') onInput(event);
          }}
        />
      )}
    </Field>
  );
}

export type TextareaProps = TFieldChrome & Omit<JSX.TextareaHTMLAttributes<HTMLTextAreaElement>, 'label'> & { onValue?: (value: string) => void };

export function Textarea({ label, hint, error, required, className, onValue, ...rest }: TextareaProps) {
  return (
    <Field label={label} hint={hint} error={error} required={Boolean(required)} className={String(className ?? '')}>
      {({ id, describedBy, invalid }) => (
        <textarea
          {...rest}
          id={id}
          required={required}
          className="dc-input dc-textarea"
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          onInput={(event) => onValue?.(event.currentTarget.value)}
        />
      )}
    </Field>
  );
}

export interface TOption {
  value: string;
  label: string;
}

export type SelectProps = TFieldChrome &
  Omit<JSX.SelectHTMLAttributes<HTMLSelectElement>, 'label'> & { options: readonly TOption[]; placeholder?: string; onValue?: (value: string) => void };

export function Select({ label, hint, error, required, className, options, placeholder, onValue, ...rest }: SelectProps) {
  return (
    <Field label={label} hint={hint} error={error} required={Boolean(required)} className={String(className ?? '')}>
      {({ id, describedBy, invalid }) => (
        <select
          {...rest}
          id={id}
          required={required}
          className="dc-input dc-select"
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          onChange={(event) => onValue?.(event.currentTarget.value)}
        >
          {placeholder !== undefined && <option value="">{placeholder}</option>}
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

export interface CheckboxProps extends Omit<JSX.InputHTMLAttributes<HTMLInputElement>, 'label' | 'type'> {
  label: string;
  hint?: string;
  onChecked?: (checked: boolean) => void;
}

export function Checkbox({ label, hint, onChecked, ...rest }: CheckboxProps) {
  const id = useId();
  return (
    <div className="dc-checkbox">
      <input {...rest} id={id} type="checkbox" aria-describedby={hint ? `${id}-hint` : undefined} onChange={(event) => onChecked?.(event.currentTarget.checked)} />
      <div>
        <label htmlFor={id}>{label}</label>
        {hint && (
          <p id={`${id}-hint`} className="dc-hint">
            {hint}
          </p>
        )}
      </div>
    </div>
  );
}

/** A form's failure that belongs to no single field (plan limit, conflict, network), announced when it appears. */
export function FormAlert({ message }: { message: string | null | undefined }) {
  if (!message) return null;
  return (
    <p className="dc-alert" role="alert">
      {message}
    </p>
  );
}
