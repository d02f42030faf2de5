import { readdir, readFile } from "node:fs/promises";

/**
 * Memory of this process and every process it started (Chromium's browser, GPU, utility and
 * renderer processes), from /proc. RSS counts pages shared between them once per process, so it
 * overstates; PSS splits shared pages fairly and is what "how much does one more cabinet cost" is.
 * Elsewhere than Linux only this process is counted.
 */
export interface TreeMemory {
  processes: number;
  rssBytes: number;
  /** Null where the kernel does not expose smaps_rollup. */
  pssBytes: number | null;
}

export async function processTreeMemory(rootPid = process.pid): Promise<TreeMemory> {
  let entries: string[];
  try {
    entries = await readdir("/proc");
  } catch {
    return { processes: 1, rssBytes: process.memoryUsage().rss, pssBytes: null };
  }
  const parents = new Map<number, number>();
  for (const name of entries) {
    if (!/^\d+$/.test(name)) continue;
    const stat = await readFile(`/proc/${name}/stat`, "utf8").catch(() => "");
    // Fields after the command (which may contain spaces) start after the last ")".
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ppid = Number(fields[1]);
    if (Number.isInteger(ppid)) parents.set(Number(name), ppid);
  }
  const tree = new Set([rootPid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, ppid] of parents) {
      if (!tree.has(pid) && tree.has(ppid)) {
        tree.add(pid);
        grew = true;
      }
    }
  }
  let rss = 0;
  let pss: number | null = 0;
  for (const pid of tree) {
    const status = await readFile(`/proc/${pid}/status`, "utf8").catch(() => "");
    rss += kib(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
    const rollup = await readFile(`/proc/${pid}/smaps_rollup`, "utf8").catch(() => null);
    if (rollup === null || pss === null) pss = null;
    else pss += kib(/^Pss:\s+(\d+)/m.exec(rollup)?.[1]);
  }
  return { processes: tree.size, rssBytes: rss, pssBytes: pss };
}

const kib = (value: string | undefined) => (value ? Number(value) * 1024 : 0);

/** The Chromium processes this process started (for tests that crash the browser on purpose). */
export async function childPids(rootPid = process.pid): Promise<number[]> {
  const pids: number[] = [];
  for (const name of await readdir("/proc").catch(() => [] as string[])) {
    if (!/^\d+$/.test(name)) continue;
    const stat = await readFile(`/proc/${name}/stat`, "utf8").catch(() => "");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (Number(fields[1]) === rootPid) pids.push(Number(name));
  }
  return pids;
}
