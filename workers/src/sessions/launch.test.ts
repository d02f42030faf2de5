import { readFile } from "node:fs/promises";
import { launchChromium } from "@slotpilot/browser";
import { describe, expect, it } from "vitest";
import { launchPortalChromium, PLAYWRIGHT_DISABLED_FEATURES } from "./launch.ts";
import { childPids } from "./process-memory.ts";

interface Target {
  type: string;
  url: string;
}

describe("the session keeper's Chromium", () => {
  it("keeps Playwright's disabled features (Chromium honours only the last --disable-features) and opens one renderer per context", async () => {
    // What Playwright itself passes, read off the command line of the Chromium it started.
    const before = new Set(await childPids());
    const plain = await launchChromium();
    let theirs: string[] = [];
    try {
      for (const pid of await childPids()) {
        if (before.has(pid)) continue;
        const cmdline = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "");
        const value = /--disable-features=([^\s\0]+)/.exec(cmdline)?.[1];
        if (value) theirs = value.split(",");
      }
    } finally {
      await plain.close();
    }
    // Process command lines are read from /proc: Linux, where Slotpilot's workers run.
    if (process.platform === "linux") {
      expect(theirs.length).toBeGreaterThan(0);
      expect([...PLAYWRIGHT_DISABLED_FEATURES].sort()).toEqual([...theirs].sort());
    }

    // No hidden window UI per context: the only targets are the cabinets' pages.
    const browser = await launchPortalChromium();
    try {
      for (let i = 0; i < 2; i++) await (await browser.newContext()).newPage();
      const cdp = await browser.newBrowserCDPSession();
      const { targetInfos } = (await cdp.send("Target.getTargets")) as { targetInfos: Target[] };
      expect(targetInfos.map((t) => `${t.type} ${t.url}`)).toEqual(["page about:blank", "page about:blank"]);
    } finally {
      await browser.close();
    }
  });
});
