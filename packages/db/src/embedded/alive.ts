import { readFileSync } from "node:fs";

/**
 * Whether process `pid` runs. A zombie does not: a server this process adopted is no child of it,
 * so once dead it waits for init to reap it — and under an init that never does (some containers'),
 * `kill(pid, 0)` alone would call it alive for ever.
 */
export function isAlive(pid: number): boolean {
  // 0 and negative pids name process groups, not a process.
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
  return !isZombie(pid);
}

/** Linux: the state in `/proc/<pid>/stat`, after the command name (which may itself hold ")"). */
function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat[stat.lastIndexOf(")") + 2] === "Z";
  } catch {
    return false;
  }
}
