/**
 * The WB sandbox in a process of its own for the detection benchmark, so that serving the feed
 * (WB's work, in production on WB's machines) does not run on the monitor's thread. Real time,
 * control API on, a random port; prints `{"url", "hosts"}` as its first line and stops on SIGTERM.
 */
import { startSandbox } from "@slotpilot/sandbox";

const sandbox = await startSandbox({ port: 0, autoRun: true, control: true });
process.stdout.write(`${JSON.stringify({ url: sandbox.url, hosts: sandbox.hosts })}\n`);
process.once("SIGTERM", () => {
  void sandbox.close().finally(() => process.exit(0));
});
