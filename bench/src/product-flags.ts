import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";

/**
 * The node flags the product starts with (`config.nodeFlags` in the root package.json, which
 * `./slotpilot start`, `pnpm start` and `pnpm workers` pass to node), so benchmarks measure the
 * runtime as it really runs.
 */
export function productNodeFlags(): string[] {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
    config: { nodeFlags: string };
  };
  return pkg.config.nodeFlags.split(/\s+/).filter(Boolean);
}

/** Runs this script again under the product's node flags unless it already runs with them. */
export function runWithProductFlags(): void {
  const flags = productNodeFlags();
  if (flags.every((f) => process.execArgv.includes(f))) return;
  const result = spawnSync(process.execPath, [...process.execArgv, ...flags, ...process.argv.slice(1)], {
    stdio: "inherit",
  });
  process.exit(result.status ?? 1);
}
