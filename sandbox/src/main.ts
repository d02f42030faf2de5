import { loadSandboxConfig } from "@slotpilot/config";
import { describeDemo, seedDemo, startSandbox } from "./index.ts";

// The only place the sandbox reads the environment.
const config = loadSandboxConfig(process.env);
const sandbox = await startSandbox({
  port: config.SANDBOX_PORT,
  seed: config.SANDBOX_SEED,
  control: config.SANDBOX_CONTROL,
  ...(config.SANDBOX_STATE_FILE ? { stateFile: config.SANDBOX_STATE_FILE } : {}),
});

console.log(
  `WB sandbox on ${sandbox.url} (seed ${config.SANDBOX_SEED}, control API ${config.SANDBOX_CONTROL ? "on" : "off"})`,
);
if (sandbox.restored?.loaded)
  console.log(`  state          ${sandbox.restored.sellers} sellers restored from ${config.SANDBOX_STATE_FILE}`);
else if (sandbox.restored?.reason === "unreadable")
  console.error(`sandbox: state not restored from ${config.SANDBOX_STATE_FILE}: ${sandbox.restored.error}`);
for (const [name, url] of Object.entries(sandbox.hosts)) console.log(`  ${name.padEnd(14)} ${url}`);
console.log("Demo seller:");
for (const line of describeDemo(sandbox.url, seedDemo(sandbox))) console.log(line);

let closing = false;
const shutdown = (signal: string) => {
  if (closing) return;
  closing = true;
  console.log(`${signal}: stopping the sandbox`);
  sandbox.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error("sandbox: close failed", error);
      process.exit(1);
    },
  );
};
process.once("SIGINT", () => shutdown("SIGINT"));
process.once("SIGTERM", () => shutdown("SIGTERM"));
// Started by a demo product (an IPC channel to it): stop when it is gone, however it went.
if (process.channel) process.once("disconnect", () => shutdown("the product stopped"));
