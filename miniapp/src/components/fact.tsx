import type { ReactNode } from "react";

/** One labelled value of a details list (`<dl className="facts">`). */
export function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="fact">
      <dt className="fact-label">{label}</dt>
      <dd className="fact-value">{children}</dd>
    </div>
  );
}
