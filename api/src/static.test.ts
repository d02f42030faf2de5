import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { miniappRoutes } from "./static.ts";

const dir = mkdtempSync(join(tmpdir(), "slotpilot-miniapp-"));
mkdirSync(join(dir, "assets"));
writeFileSync(join(dir, "index.html"), '<script type="module" src="/assets/index-new.js"></script>');
writeFileSync(join(dir, "assets", "index-new.js"), "console.log(1)");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the built Mini App", () => {
  const app = miniappRoutes(dir);

  it("serves its assets, and index.html for the app's own routes", async () => {
    const asset = await app.request("/assets/index-new.js");
    expect(asset.status).toBe(200);
    expect(asset.headers.get("content-type")).toMatch(/javascript/);
    const route = await app.request("/settings");
    expect(route.status).toBe(200);
    expect(await route.text()).toContain("/assets/index-new.js");
  });

  it("answers an asset of another build with 404, not with index.html as its script", async () => {
    const stale = await app.request("/assets/index-old.js");
    expect(stale.status).toBe(404);
    expect(stale.headers.get("content-type") ?? "").not.toMatch(/html/);
  });
});
