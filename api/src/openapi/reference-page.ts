import type { OpenApiDocument } from "./document.ts";

const html = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);

/** `code` spans for backticks in the document's prose. */
const prose = (text: string) => html(text).replace(/`([^`]+)`/g, "<code>$1</code>");

type Json = Record<string, unknown>;

/** A JSON schema as a short readable type: `string (1–64)`, `integer ≥ 0 ≤ 20`, `"book" | "alert"`. */
function typeOf(schema: Json): string {
  if (Array.isArray(schema.enum)) return schema.enum.map((v) => JSON.stringify(v)).join(" | ");
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  const variants = (schema.anyOf ?? schema.oneOf) as Json[] | undefined;
  if (variants) return variants.map(typeOf).join(" | ");
  const type = String(schema.type ?? "any");
  const bounds: string[] = [];
  if (schema.minimum !== undefined) bounds.push(`≥ ${schema.minimum}`);
  if (schema.maximum !== undefined) bounds.push(`≤ ${schema.maximum}`);
  if (schema.minLength !== undefined || schema.maxLength !== undefined) {
    bounds.push(`${schema.minLength ?? 0}–${schema.maxLength ?? "∞"} chars`);
  }
  if (schema.minItems !== undefined || schema.maxItems !== undefined) {
    bounds.push(`${schema.minItems ?? 0}–${schema.maxItems ?? "∞"} items`);
  }
  if (schema.format) bounds.push(String(schema.format));
  if (type === "array" && schema.items)
    return `array of ${typeOf(schema.items as Json)}${bounds.length ? ` (${bounds.join(", ")})` : ""}`;
  return `${type}${bounds.length ? ` (${bounds.join(", ")})` : ""}`;
}

/** A body's fields as table rows, nested objects flattened with dotted names. */
function fieldRows(schema: Json, prefix = ""): string[] {
  const variants = (schema.anyOf ?? schema.oneOf) as Json[] | undefined;
  if (variants?.every((v) => v.type === "object")) {
    return variants.flatMap((v, i) => [
      `<tr><td colspan="3" class="variant">${html(prefix || "body")} — ${i === 0 ? "either" : "or"}</td></tr>`,
      ...fieldRows(v, prefix),
    ]);
  }
  const properties = (schema.properties ?? {}) as Record<string, Json>;
  const required = new Set((schema.required ?? []) as string[]);
  return Object.entries(properties).flatMap(([name, property]) => {
    const full = prefix ? `${prefix}.${name}` : name;
    const nested =
      property.type === "object" || (property.anyOf as Json[] | undefined)?.every((v) => v.type === "object");
    const row = `<tr><td><code>${html(full)}</code>${required.has(name) ? "" : ' <span class="opt">optional</span>'}</td><td>${html(nested ? "object" : typeOf(property))}</td><td>${prose(String(property.description ?? (property.default !== undefined ? `default ${JSON.stringify(property.default)}` : "")))}</td></tr>`;
    return nested ? [row, ...fieldRows(property, full)] : [row];
  });
}

/**
 * The API reference as one self-contained HTML page, rendered on the server from the OpenAPI
 * document: no script, no CDN, readable offline and in any browser.
 */
export function referencePage(doc: OpenApiDocument): string {
  const sections: string[] = [];
  for (const tag of doc.tags) {
    const operations: string[] = [];
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods as Record<string, Json>)) {
        if (!(op.tags as string[]).includes(tag.name)) continue;
        const parameters = (op.parameters ?? []) as { name: string; in: string; required: boolean; schema: Json }[];
        const body = ((op.requestBody as Json | undefined)?.content as Json | undefined)?.["application/json"] as
          | { schema: Json }
          | undefined;
        const responses = Object.entries(op.responses as Record<string, { description: string }>)
          .map(([status, r]) => `<li><b>${status}</b> ${prose(r.description)}</li>`)
          .join("");
        operations.push(`
<section class="op" id="${method}-${html(path)}">
  <h3><span class="method ${method}">${method.toUpperCase()}</span> <code>${html(path)}</code></h3>
  <p class="summary">${prose(String(op.summary))}</p>
  ${op.description ? `<p>${prose(String(op.description))}</p>` : ""}
  ${
    parameters.length > 0
      ? `<table><thead><tr><th>Parameter</th><th>Type</th><th>In</th></tr></thead><tbody>${parameters
          .map(
            (p) =>
              `<tr><td><code>${html(p.name)}</code>${p.required ? "" : ' <span class="opt">optional</span>'}</td><td>${html(typeOf(p.schema))}</td><td>${p.in}</td></tr>`,
          )
          .join("")}</tbody></table>`
      : ""
  }
  ${body ? `<table><thead><tr><th>Body field</th><th>Type</th><th>Notes</th></tr></thead><tbody>${fieldRows(body.schema).join("")}</tbody></table>` : ""}
  <ul class="responses">${responses}</ul>
</section>`);
      }
    }
    sections.push(`<h2 id="${tag.name}">${tag.name}</h2>${operations.join("")}`);
  }
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${html(doc.info.title)} — reference</title>
<style>
:root{color-scheme:light dark;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;line-height:1.5}
body{max-width:920px;margin:0 auto;padding:24px 16px 64px}
h1{margin:0 0 4px}nav a{margin-right:12px}code{font-family:ui-monospace,Menlo,monospace;font-size:.92em}
.op{border:1px solid color-mix(in srgb,currentColor 18%,transparent);border-radius:10px;padding:8px 16px;margin:12px 0}
.op h3{margin:8px 0 0;font-size:16px}.summary{margin:4px 0;font-weight:600}
.method{display:inline-block;min-width:56px;padding:1px 6px;border-radius:6px;color:#fff;font-size:12px;text-align:center}
.get{background:#2f7ed8}.post{background:#2fb35a}.patch{background:#d98a00}.put{background:#8a5cd8}.delete{background:#d0453a}
table{width:100%;border-collapse:collapse;margin:8px 0;font-size:14px}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid color-mix(in srgb,currentColor 12%,transparent);vertical-align:top}
.opt{color:GrayText;font-size:12px}.variant{font-style:italic;color:GrayText}.responses{font-size:14px;padding-left:18px}
</style></head><body>
<h1>${html(doc.info.title)}</h1>
<p>${prose(doc.info.description)}</p>
<p>Machine-readable: <a href="openapi.json">openapi.json</a> (OpenAPI ${doc.openapi}).</p>
<nav>${doc.tags.map((t) => `<a href="#${t.name}">${t.name}</a>`).join("")}</nav>
${sections.join("\n")}
</body></html>`;
}
