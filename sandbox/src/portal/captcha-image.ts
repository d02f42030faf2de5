import { hashUnit } from "../prng.ts";
import { escapeHtml } from "./html.ts";

/** A noisy SVG of the captcha digits: enough to look like WB's image captcha, trivial to render. */
export function captchaSvg(id: string, answer: string): string {
  const glyphs = [...answer]
    .map((ch, i) => {
      const rotate = Math.round((hashUnit(id, "r", i) - 0.5) * 40);
      const y = 38 + Math.round((hashUnit(id, "y", i) - 0.5) * 10);
      const x = 18 + i * 28;
      return `<text x="${x}" y="${y}" transform="rotate(${rotate} ${x} ${y})" font-size="30" font-family="monospace" fill="#333">${escapeHtml(ch)}</text>`;
    })
    .join("");
  const lines = Array.from({ length: 6 }, (_, i) => {
    const p = (k: string, max: number) => Math.round(hashUnit(id, k, i) * max);
    return `<line x1="${p("x1", 160)}" y1="${p("y1", 56)}" x2="${p("x2", 160)}" y2="${p("y2", 56)}" stroke="#999" stroke-width="2"/>`;
  }).join("");
  return `<svg xmlns="http://www.w3.org/2000/svg" width="160" height="56" viewBox="0 0 160 56"><rect width="160" height="56" fill="#eef"/>${lines}${glyphs}</svg>`;
}
