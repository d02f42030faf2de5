import { spawnSync } from "node:child_process";
import { NODE_RUNTIME_ENV, NODE_RUNTIME_FLAGS } from "@slotpilot/scripts/runtime-flags";

/** The node flags the product starts with, so benchmarks measure the runtime as it really runs. */
export const productNodeFlags = (): string[] => [...NODE_RUNTIME_FLAGS];

/** The environment the product starts with (set before a process starts, so only a child gets it). */
export const productNodeEnv = (): NodeJS.ProcessEnv => ({ ...process.env, ...NODE_RUNTIME_ENV });

/** Runs this script again under the product's node flags and environment unless it already runs with them. */
export function runWithProductFlags(): void {
  const flags = productNodeFlags();
  const envSet = Object.entries(NODE_RUNTIME_ENV).every(([name, value]) => process.env[name] === value);
  if (envSet && flags.every((f) => process.execArgv.includes(f))) return;
  const result = spawnSync(process.execPath, [...process.execArgv, ...flags, ...process.argv.slice(1)], {
    stdio: "inherit",
    env: productNodeEnv(),
  });
  process.exit(result.status ?? 1);
}
