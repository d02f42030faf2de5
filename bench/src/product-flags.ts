import { spawnSync } from "node:child_process";
import { NODE_RUNTIME_FLAGS } from "@slotpilot/scripts/runtime-flags";

/** The node flags the product starts with, so benchmarks measure the runtime as it really runs. */
export const productNodeFlags = (): string[] => [...NODE_RUNTIME_FLAGS];

/** Runs this script again under the product's node flags unless it already runs with them. */
export function runWithProductFlags(): void {
  const flags = productNodeFlags();
  if (flags.every((f) => process.execArgv.includes(f))) return;
  const result = spawnSync(process.execPath, [...process.execArgv, ...flags, ...process.argv.slice(1)], {
    stdio: "inherit",
  });
  process.exit(result.status ?? 1);
}
