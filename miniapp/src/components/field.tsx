import type { ReactNode } from "react";

/** A form field: its label, the control, and below it the API's message for it, or a hint. */
export function Field({
  label,
  error,
  hint,
  children,
}: {
  label: string;
  error?: string | undefined;
  hint?: string;
  children: ReactNode;
}) {
  return (
    <div className={error ? "field field-invalid" : "field"}>
      <span className="section-header">{label}</span>
      {children}
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : hint ? (
        <p className="section-footer">{hint}</p>
      ) : null}
    </div>
  );
}
