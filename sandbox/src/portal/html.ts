export function escapeHtml(value: unknown): string {
  return String(value)
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

/** Tagged template that escapes interpolations unless they are already-rendered `Html`. */
export class Html {
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
  toString(): string {
    return this.text;
  }
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0] ?? "";
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? "");
  });
  return new Html(out);
}

function render(value: unknown): string {
  if (value instanceof Html) return value.text;
  if (Array.isArray(value)) return value.map(render).join("");
  if (value === null || value === undefined || value === false) return "";
  return escapeHtml(value);
}

/** Raw, trusted markup (inline scripts and styles the sandbox writes itself). */
export const raw = (text: string) => new Html(text);

const STYLE = `
body{font-family:system-ui,sans-serif;margin:0;background:#f6f4fb;color:#242424}
header{background:#7b1fa2;color:#fff;padding:12px 24px;display:flex;gap:16px;align-items:center}
header a{color:#fff}
main{padding:24px;max-width:1100px;margin:0 auto}
.card{background:#fff;border-radius:12px;padding:20px;margin-bottom:16px;box-shadow:0 1px 3px #0001}
table{border-collapse:collapse;width:100%}td,th{padding:8px;border-bottom:1px solid #eee;text-align:left}
button{background:#7b1fa2;color:#fff;border:0;border-radius:8px;padding:10px 16px;cursor:pointer}
button:disabled{background:#bbb;cursor:default}
input{padding:10px;border:1px solid #ccc;border-radius:8px;font-size:16px}
.error{color:#c62828}.ok{color:#2e7d32}
.calendar{display:grid;grid-template-columns:repeat(7,1fr);gap:8px}
.cell{border:1px solid #ddd;border-radius:8px;padding:8px;min-height:70px;background:#fff}
.cell[data-available=false]{background:#f3f3f3;color:#888}
.cell.selected{border:2px solid #7b1fa2}
.modal{position:fixed;inset:0;background:#0006;display:flex;align-items:flex-start;justify-content:center;overflow:auto}
.modal[hidden]{display:none}.modal .card{margin-top:40px;width:900px}
`;

/** What a logged-in portal page carries for the anti-bot challenge (see `challenge.ts`). */
export interface PageChallenge {
  nonce: string;
  css: string;
  html: string;
  /** The portal runtime (`runtime-script.ts`), run before the page's own scripts. */
  script: string;
}

export function page(
  title: string,
  body: Html,
  options: { header?: Html; dataset?: Record<string, string>; challenge?: PageChallenge } = {},
): string {
  const data = Object.entries(options.dataset ?? {})
    .map(([k, v]) => ` data-${k}="${escapeHtml(v)}"`)
    .join("");
  const c = options.challenge;
  const meta = c ? `<meta name="wb-challenge" content="${escapeHtml(c.nonce)}">` : "";
  const runtime = c ? `${c.html}<script>${c.script}</script>` : "";
  return `<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<meta name="viewport" content="width=device-width,initial-scale=1">${meta}<style>${STYLE}${c?.css ?? ""}</style></head>
<body${data}>${runtime}${options.header?.text ?? ""}<main>${body.text}</main></body></html>`;
}
