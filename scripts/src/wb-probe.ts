import { chmod, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline/promises";
import {
  captureBrowserState,
  contextStateOptions,
  type LoginStep,
  type PortalDriver,
  parseBrowserState,
  restoreSessionStorage,
  sandboxPortalDriver,
  wbPortalDriver,
} from "@slotpilot/portal";
import { createWbOfficialClient, wbHostsFor } from "@slotpilot/wb";
import { launchPortalChromium } from "@slotpilot/workers";
import { parseWbProbeArgs, wbProbeUsage } from "./wb-probe-args.ts";

/**
 * `./slotpilot wb-probe`: a seller checks, on their own machine, that Slotpilot's real-WB portal
 * driver (written from FACTS.md, NOT VERIFIED AGAINST LIVE WB) works with their cabinet: log in
 * (phone, SMS code typed here, a captcha picture saved to a file), list the supplies (portal, and the
 * official API when WB_TOKEN is set), and a dry run of booking by the UI — up to the final click,
 * nothing booked. The browser state is kept in a file (mode 0600) so a second run needs no SMS;
 * nothing is sent anywhere else. `--sandbox URL` probes a WB sandbox instead (how it is tested here).
 */
const args = parseWbProbeArgs(process.argv.slice(2), process.cwd());
if (args.kind === "help") {
  console.log(wbProbeUsage);
  process.exit(0);
}
if (args.kind === "error") {
  console.error(`./slotpilot wb-probe: ${args.message}\n\n${wbProbeUsage}`);
  process.exit(2);
}
const values = args.options;

const out = (line: string) => process.stdout.write(`${line}\n`);
const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: false });
const lines = rl[Symbol.asyncIterator]();
async function ask(question: string): Promise<string> {
  out(question);
  const next = await lines.next();
  if (next.done) throw new Error("no answer on standard input");
  return String(next.value).trim();
}

async function login(driver: PortalDriver, page: Parameters<PortalDriver["login"]>[0]): Promise<string> {
  const flow = driver.login(page);
  const phone = values.phone ?? (await ask("Phone you log in to the WB seller portal with (+7…):"));
  let step: LoginStep = await flow.start(phone);
  for (;;) {
    switch (step.kind) {
      case "captcha": {
        const file = join(tmpdir(), `wb-probe-captcha.${step.image.mime.includes("svg") ? "svg" : "png"}`);
        await writeFile(file, step.image.bytes);
        step = await flow.captcha(await ask(`WB shows a picture (saved to ${file}). Type its characters:`));
        break;
      }
      case "code":
        step = await flow.code(await ask("SMS code:"));
        break;
      case "choose_cabinet": {
        for (const c of step.cabinets) out(`  ${c.supplierId}  ${c.name}`);
        step = await flow.chooseCabinet(Number(await ask("Which cabinet (its number)?")));
        break;
      }
      case "refused":
        if (step.reason === "code_wrong") {
          step = await flow.code(await ask("WB says the code is wrong. SMS code:"));
          break;
        }
        throw new Error(`WB refused the login: ${step.reason}`);
      case "done":
        return `${step.cabinet.name} (${step.cabinet.supplierId})`;
    }
  }
}

async function main(): Promise<number> {
  const hosts = wbHostsFor(values.sandbox);
  const driver = values.sandbox ? sandboxPortalDriver(hosts) : wbPortalDriver(hosts);
  out(
    values.sandbox
      ? `Probing the WB sandbox at ${values.sandbox}.`
      : "Probing real WB with Slotpilot's portal driver — written from public facts, NOT VERIFIED against live WB.",
  );
  const saved = await readFile(values.state, "utf8")
    .then(parseBrowserState)
    .catch(() => null);
  const browser = await launchPortalChromium();
  let failures = 0;
  try {
    const context = await browser.newContext(contextStateOptions(saved));
    await restoreSessionStorage(context, saved);
    const page = await context.newPage();
    let portal = await driver.open(page);
    if (portal) out("login: ok — the saved session is still alive (no SMS needed)");
    else {
      const cabinet = await login(driver, page);
      portal = await driver.open(page);
      if (!portal) throw new Error("logged in, but the portal's home did not open");
      out(`login: ok — cabinet ${cabinet}`);
    }
    await writeFile(values.state, JSON.stringify(await captureBrowserState(context, page)), { mode: 0o600 });
    await chmod(values.state, 0o600);
    out(`session saved to ${values.state} (readable by you only; delete it to forget the session)`);

    try {
      const supplies = await portal.listSupplies();
      const unplanned = supplies.filter((s) => s.statusId === 1);
      out(`supplies (portal): ${supplies.length}, unplanned: ${unplanned.length}`);
      for (const s of unplanned.slice(0, 10))
        out(`  preorder ${s.preorderId} — ${s.warehouseName ?? s.warehouseId ?? "?"}`);
    } catch (error) {
      failures += 1;
      out(`supplies (portal): FAILED — ${(error as Error).message}`);
    }
    const token = process.env.WB_TOKEN;
    if (token) {
      try {
        const { data } = await createWbOfficialClient({ hosts }).supplies(token, { statusIDs: [1] });
        out(`supplies (official API): ${data.length} unplanned`);
      } catch (error) {
        failures += 1;
        out(`supplies (official API): FAILED — ${(error as Error).message}`);
      }
    } else out("supplies (official API): skipped (set WB_TOKEN to check it)");

    if (values.preorder && values.date) {
      try {
        await portal.planByUi(
          { preorderId: Number(values.preorder), date: values.date, warehouseId: 0, boxTypeId: 2 },
          { dryRun: true },
        );
        out(
          `dry run: reached the final confirmation for preorder ${values.preorder} on ${values.date}; nothing booked`,
        );
      } catch (error) {
        failures += 1;
        out(`dry run: FAILED — ${(error as Error).name}: ${(error as Error).message}`);
      }
    } else out("dry run: skipped (give --preorder N --date YYYY-MM-DD of an open day)");
  } finally {
    rl.close();
    await browser.close();
  }
  return failures === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    out(`wb-probe: ${(error as Error).message}`);
    process.exit(1);
  },
);
