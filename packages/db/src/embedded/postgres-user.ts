import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, chown, cp, mkdir, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";

/** The user and group a server runs as; absent when it runs as the current (non-root) user. */
export interface RunAs {
  uid: number;
  gid: number;
}

const USER = "postgres";

/**
 * PostgreSQL refuses to run as root. As root, the server runs as the `postgres` system user,
 * created when missing (as Debian's own package would).
 */
export function postgresUser(): RunAs | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const ids = () => ({
    uid: Number(execFileSync("id", ["-u", USER]).toString()),
    gid: Number(execFileSync("id", ["-g", USER]).toString()),
  });
  try {
    return ids();
  } catch {
    spawnSync("groupadd", ["--system", USER]);
    const made = spawnSync("useradd", ["--system", "--gid", USER, "--no-create-home", "--shell", "/bin/false", USER]);
    if (made.status !== 0) {
      throw new Error(
        `PostgreSQL cannot run as root and there is no "${USER}" user to run it as; creating one failed: ${made.stderr.toString().trim()}. Create it (useradd --system ${USER}) or set DATABASE_URL.`,
      );
    }
    return ids();
  }
}

/** True when `user` can reach `path` (`test -x`: a directory it may enter, a file it may run). */
export function canReach(user: RunAs | undefined, path: string): boolean {
  if (!user) return true;
  return spawnSync("test", ["-x", path], { uid: user.uid, gid: user.gid }).status === 0;
}

/**
 * Where a root-run server's files go when the checkout is out of the `postgres` user's reach
 * (`/root` is 0700): a root-owned, world-traversable place of its own.
 */
export const DEFAULT_RUNTIME_DIR = "/var/lib/slotpilot";

/**
 * The PostgreSQL distribution (`bin/`, `lib/`, `share/`) at a place the server's user can run it
 * from: where npm put it, or else a copy under `runtimeDir`, made once per distribution.
 */
export async function reachableDistribution(distribution: string, user: RunAs | undefined, runtimeDir: string) {
  if (canReach(user, join(distribution, "bin", "postgres"))) return distribution;
  const id = createHash("sha256").update(distribution).digest("hex").slice(0, 12);
  const copy = join(runtimeDir, `postgres-${id}`);
  // The marker is written last: a copy interrupted half-way is made again.
  if (!existsSync(join(copy, ".complete"))) {
    const partial = `${copy}.partial-${process.pid}`;
    await rm(partial, { recursive: true, force: true });
    await mkdir(runtimeDir, { recursive: true, mode: 0o755 });
    await chmod(runtimeDir, 0o755);
    await cp(distribution, partial, { recursive: true, verbatimSymlinks: true });
    await writeFile(join(partial, ".complete"), `${distribution}\n`);
    await rm(copy, { recursive: true, force: true });
    await rename(partial, copy);
  }
  return copy;
}

/**
 * The data directory the server will really use. When the configured one sits where the server's
 * user cannot enter, the cluster lives under `runtimeDir` instead (one per configured directory, so
 * two checkouts never share data) and a note in the configured place says where.
 */
export async function reachableDataDir(configured: string, user: RunAs | undefined, runtimeDir: string) {
  await mkdir(dirname(configured), { recursive: true });
  if (canReach(user, dirname(configured))) return configured;
  const id = createHash("sha256").update(configured).digest("hex").slice(0, 12);
  const moved = join(runtimeDir, `data-${id}`, "pg");
  await mkdir(dirname(moved), { recursive: true, mode: 0o755 });
  await chmod(runtimeDir, 0o755);
  await writeFile(
    `${configured}.location`,
    `The embedded PostgreSQL data for this folder lives in ${moved}:\nthe "postgres" user that runs it cannot enter ${dirname(configured)}.\n`,
  );
  return moved;
}

/** An empty data directory owned by the server's user, as initdb wants it. */
export async function prepareDataDir(dir: string, user: RunAs | undefined): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  if (user) await chown(dir, user.uid, user.gid);
}
