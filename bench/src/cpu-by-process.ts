import { readdir, readFile } from "node:fs/promises";

/**
 * CPU time of this process and every process under it, by kind (Chromium's renderers, GPU,
 * utility and browser processes; PostgreSQL; other Node processes such as the sandbox; this
 * process), from /proc. Two snapshots a window apart say where the window's CPU went: a
 * benchmark's figure is only CPU-bound if the window's CPU is about its length × the cores.
 * A process that exits inside the window loses its share (Linux only; elsewhere empty).
 */
export type CpuByKind = Map<string, number>;

const TICKS_PER_SECOND = 100;

export async function cpuByProcessKind(rootPid = process.pid): Promise<CpuByKind> {
  const stats = new Map<number, { ppid: number; seconds: number }>();
  for (const name of await readdir("/proc").catch(() => [] as string[])) {
    if (!/^\d+$/.test(name)) continue;
    const stat = await readFile(`/proc/${name}/stat`, "utf8").catch(() => "");
    // Fields after the command (which may contain spaces) start after the last ")".
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ppid = Number(fields[1]);
    if (!Number.isInteger(ppid)) continue;
    stats.set(Number(name), { ppid, seconds: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND });
  }
  const tree = new Set([rootPid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, { ppid }] of stats) {
      if (!tree.has(pid) && tree.has(ppid)) {
        tree.add(pid);
        grew = true;
      }
    }
  }
  const out: CpuByKind = new Map();
  for (const pid of tree) {
    const seconds = stats.get(pid)?.seconds ?? 0;
    const kind = pid === rootPid ? "this node" : kindOf(await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => ""));
    out.set(kind, (out.get(kind) ?? 0) + seconds);
  }
  return out;
}

function kindOf(cmdline: string): string {
  // Chromium rewrites its children's titles into one space-separated string.
  const argv = cmdline.split(/[\0 ]/);
  const exe = argv[0] ?? "";
  if (/chrom|headless_shell/i.test(exe)) {
    const type = argv.find((a) => a.startsWith("--type="))?.slice("--type=".length);
    if (!type) return "chromium browser";
    const service = argv
      .find((a) => a.startsWith("--utility-sub-type="))
      ?.split(".")
      .at(-1);
    return `chromium ${type}${service ? ` (${service})` : ""}`;
  }
  if (/postgres/.test(exe)) return "postgres";
  if (/node/.test(exe)) return "other node (sandbox)";
  return exe.split("/").at(-1) || "other";
}

/** `after` − `before`, kind by kind, summed into `into`. */
export function addCpu(into: CpuByKind, before: CpuByKind, after: CpuByKind): void {
  for (const [kind, seconds] of after) into.set(kind, (into.get(kind) ?? 0) + seconds - (before.get(kind) ?? 0));
}

/** One line per kind, most first, as CPU-s per unit of work (e.g. per booking). */
export function formatCpu(cpu: CpuByKind, per: number, unit: string): string[] {
  const total = [...cpu.values()].reduce((a, b) => a + b, 0);
  return [
    `CPU-s per ${unit}: ${(total / per).toFixed(2)} in all`,
    ...[...cpu]
      .filter(([, s]) => s / per >= 0.005)
      .sort((a, b) => b[1] - a[1])
      .map(([kind, s]) => `  ${kind.padEnd(34)} ${(s / per).toFixed(3)}`),
  ];
}
