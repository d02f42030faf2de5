/**
 * How a process the product runs beside itself (demo mode's WB sandbox, the embedded PostgreSQL) is
 * started again when it dies: after `delaysMs[n - 1]` for its n-th death in a row (the last delay
 * repeats); a run of `stableMs` or longer forgets the earlier deaths; after `maxRestarts` deaths in
 * a row it is left down rather than restarted forever.
 */
export interface RestartPolicy {
  delaysMs: readonly number[];
  stableMs: number;
  maxRestarts: number;
}

export const RESTART_POLICY: RestartPolicy = {
  delaysMs: [1_000, 2_000, 5_000, 10_000, 30_000],
  stableMs: 60_000,
  maxRestarts: 10,
};

/**
 * A death after a run of `ranMs`, `deaths` deaths in a row before it: the count now, and how long to
 * wait before the next start (undefined: give up).
 */
export function afterDeath(
  policy: RestartPolicy,
  deaths: number,
  ranMs: number,
): { deaths: number; delayMs: number | undefined } {
  const count = (ranMs >= policy.stableMs ? 0 : deaths) + 1;
  if (count > policy.maxRestarts) return { deaths: count, delayMs: undefined };
  return { deaths: count, delayMs: policy.delaysMs[Math.min(count, policy.delaysMs.length) - 1] ?? 0 };
}
