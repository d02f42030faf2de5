import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

/**
 * What a running `./slotpilot start` tells other commands on this machine (`./slotpilot chat`):
 * where its API, Mini App and WB sandbox are. Kept in DATA_DIR beside the database they share,
 * written at start, removed at a clean stop.
 */
export interface RuntimeInfo {
  pid: number;
  mode: "demo" | "live";
  apiUrl: string;
  publicUrl: string;
  /** The WB sandbox of demo mode; absent when live. */
  sandboxUrl?: string;
  /** The WB seller portal (the sandbox's `seller` host in demo mode). */
  wbPortalUrl: string;
}

const path = (dataDir: string) => join(resolve(dataDir), "runtime.json");

export function writeRuntime(dataDir: string, info: RuntimeInfo): () => void {
  writeFileSync(path(dataDir), `${JSON.stringify(info, null, 2)}\n`, { mode: 0o600 });
  return () => rmSync(path(dataDir), { force: true });
}

/** The running product's info, or undefined when none runs from this DATA_DIR (or it died). */
export function readRuntime(dataDir: string): RuntimeInfo | undefined {
  try {
    const info = JSON.parse(readFileSync(path(dataDir), "utf8")) as RuntimeInfo;
    process.kill(info.pid, 0);
    return info;
  } catch {
    return undefined;
  }
}
