/** Grey placeholder rows while a section loads: the screen keeps its shape instead of jumping. */
export function SkeletonRows({ rows = 3 }: { rows?: number }) {
  return (
    <div className="section list" aria-busy="true">
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className="row skeleton-row">
          <span className="skeleton skeleton-line" />
          <span className="skeleton skeleton-pill" />
        </div>
      ))}
    </div>
  );
}
