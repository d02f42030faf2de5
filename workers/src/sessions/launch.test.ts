import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { launchChromium } from "@slotpilot/browser";
import { silentLogger } from "@slotpilot/observability";
import { describe, expect, it } from "vitest";
import { BrowserPool } from "./browser-pool.ts";
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

  it("loads a portal page's scripts once (the HTTP cache on) and none of its pictures, while the page's own fetch still reads one", async () => {
    const served: string[] = [];
    const server = createServer((req, res) => {
      served.push(req.url ?? "");
      if (req.url === "/app.js") {
        res.writeHead(200, { "content-type": "text/javascript", "cache-control": "max-age=3600" });
        res.end("window.appRan = (window.appRan || 0) + 1;");
      } else if (req.url === "/logo.svg" || req.url === "/captcha.svg") {
        res.writeHead(200, { "content-type": "image/svg+xml" });
        res.end('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>');
      } else {
        res.writeHead(200, { "content-type": "text/html" });
        res.end('<!doctype html><img id="logo" src="/logo.svg"><script src="/app.js"></script>');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const pool = new BrowserPool({ launch: () => launchPortalChromium(), capacity: 1, log: silentLogger });
    try {
      const { page } = await pool.open(1, null);
      for (const path of ["/supplies", "/supply-detail"]) {
        await page.goto(`${url}${path}`, { waitUntil: "load" });
        expect(await page.evaluate(() => (globalThis as unknown as { appRan: number }).appRan)).toBe(1);
      }
      const picture = await page.evaluate(async () => (await (await fetch("/captcha.svg")).text()).length);
      expect(picture).toBeGreaterThan(0);
      expect(served.filter((p) => p === "/app.js")).toEqual(["/app.js"]);
      expect(served).not.toContain("/logo.svg");
      expect(served).toContain("/captcha.svg");
    } finally {
      await pool.stop();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
