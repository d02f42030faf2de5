import { rm } from "node:fs/promises";
import { fileURLToPath, pathToFileURL } from "node:url";
import { type Plugin, rolldown } from "rolldown";

/**
 * Compiles the product's two deployables (`./slotpilot start`, `./slotpilot workers`) and the WB
 * sandbox demo mode starts beside them into plain
 * JavaScript in `.build/product/`, so the running process does not strip TypeScript types as it
 * loads: Node's type stripping keeps its compiler (~18 MB of WebAssembly memory) for the life of the
 * process, and every source file's comments as source text. Tests and `pnpm start` keep running the
 * `.ts` sources directly.
 *
 * Only the workspace's own code is bundled. Every third-party package stays an import, resolved
 * here by Node's own ESM resolver to the exact file Node would load from the importing package
 * (pnpm keeps each package's dependencies beside it, so a bare name would not resolve from
 * `.build/`); `import.meta.url` keeps each module's original location, so paths read relative to a
 * source file (the Mini App's `dist/`, `createRequire`) mean what they meant. Lazy imports stay lazy.
 *
 * Run with `--experimental-import-meta-resolve` (the two-argument `import.meta.resolve`).
 */
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const PRODUCT_BUILD_DIR = `${ROOT}.build/product`;

const ENTRIES = {
  start: `${ROOT}scripts/src/start.ts`,
  workers: `${ROOT}workers/src/main.ts`,
  // Demo mode's stand-in for WB, started by `start` as a process of its own.
  sandbox: `${ROOT}sandbox/src/main.ts`,
};

const isBare = (source: string) =>
  !source.startsWith(".") && !source.startsWith("/") && !source.startsWith("node:") && !source.startsWith("\0");

function keepOrigins(): Plugin {
  return {
    name: "slotpilot-keep-origins",
    resolveId(source, importer) {
      if (!isBare(source) || source.startsWith("@slotpilot/") || !importer) return null;
      // Node's resolution from the importing file: the package's ESM entry, as Node picks it.
      const url = import.meta.resolve(source, pathToFileURL(importer).href);
      return { id: url.startsWith("file:") ? fileURLToPath(url) : source, external: true };
    },
    transform(code, id) {
      if (!code.includes("import.meta.url") || id.includes("/node_modules/")) return null;
      return { code: code.replaceAll("import.meta.url", JSON.stringify(pathToFileURL(id).href)) };
    },
  };
}

/**
 * Builds into `outDir` (`.build/product/` by default), replacing what was there. `more` adds entries
 * (name → source file) compiled the same way: a benchmark measures its process as the product runs.
 */
export async function buildProduct(outDir = PRODUCT_BUILD_DIR, more: Record<string, string> = {}): Promise<void> {
  await rm(outDir, { recursive: true, force: true });
  const bundle = await rolldown({
    input: { ...ENTRIES, ...more },
    platform: "node",
    plugins: [keepOrigins()],
    logLevel: "warn",
  });
  try {
    await bundle.write({
      dir: outDir,
      format: "esm",
      entryFileNames: "[name].mjs",
      chunkFileNames: "[name]-[hash].mjs",
      // Node builtins and externals are imported as they are; comments are dropped (they would be
      // kept in memory as source text), names and layout stay readable in stack traces.
      comments: { legal: false, annotation: false, jsdoc: false },
    });
  } finally {
    await bundle.close();
  }
}

if (import.meta.main) {
  const started = Date.now();
  // build-product.ts [outDir] [name=source.ts …]
  const [outDir = PRODUCT_BUILD_DIR, ...more] = process.argv.slice(2);
  await buildProduct(outDir, Object.fromEntries(more.map((entry) => entry.split("=", 2) as [string, string])));
  console.error(`built ${outDir} in ${Date.now() - started} ms`);
}
