import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { hasKey, type Locale, resources } from "./index.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const SOURCES = ["api/src", "bot/src", "workers/src", "miniapp/src", "scripts/src", "packages"];

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === "node_modules" || name === "dist") continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name)) out.push(path);
  }
  return out;
}

/**
 * Every `t("a.b.c")` in the code, and the fixed part of every `t(\`a.b.${x}\`)` (which must be a
 * group of messages). Calls named `t`, `ctx.t` and `i18next.t` are all seen.
 */
function keysInCode(): { key: string; prefix: boolean; where: string }[] {
  const found: { key: string; prefix: boolean; where: string }[] = [];
  const call = /\bt\(\s*(["'`])([a-z][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)+)(\.\$\{|\1)/g;
  for (const dir of SOURCES) {
    for (const file of sourceFiles(join(ROOT, dir))) {
      const text = readFileSync(file, "utf8");
      for (const match of text.matchAll(call)) {
        const key = match[2] ?? "";
        found.push({ key, prefix: match[3] === ".${", where: file.slice(ROOT.length) });
      }
    }
  }
  return found;
}

describe("locale keys used in code", () => {
  const used = keysInCode();

  it("finds the calls (the scan itself works)", () => {
    expect(used.length).toBeGreaterThan(100);
    expect(used.some((u) => u.key === "bot.menu")).toBe(true);
  });

  it.each(Object.keys(resources) as Locale[])("every key used in code exists in %s", (locale) => {
    const missing = used.filter((u) => !hasKey(locale, u.key)).map((u) => `${u.key} (${u.where})`);
    expect(missing).toEqual([]);
  });
});
