import { type CellTone, cellTone } from "@slotpilot/domain";

export interface PictureInput {
  title: string;
  subtitle: string;
  /** Calendar days shown, in order. */
  days: string[];
  /**
   * Rows, top to bottom: a warehouse, and under its name a smaller `note` (its box type, when the
   * picture shows more than one).
   */
  rows: { key: string; name: string; note?: string | undefined }[];
  /** `<row key>:<date>` → the cell. */
  cells: ReadonlyMap<string, { coefficient: number; allowUnload: boolean }>;
  locale: string;
  legend: Record<CellTone, string>;
  /** Shown instead of the grid when there are no rows. */
  empty: string;
}

const COLORS: Record<CellTone, { fill: string; text: string }> = {
  free: { fill: "#2fb35a", text: "#ffffff" },
  cheap: { fill: "#a6d96a", text: "#1c3a10" },
  medium: { fill: "#fdc65c", text: "#4a3000" },
  dear: { fill: "#f47c5a", text: "#ffffff" },
  closed: { fill: "#eceff3", text: "#9aa3ad" },
};

const LABEL_W = 150;
const CELL_W = 40;
const CELL_H = 30;
const GAP = 4;
const PAD = 16;
const HEAD = 64;
const DAYS_H = 36;
const LEGEND_H = 40;

const escapeXml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);

/** A name that fits its column: cut with an ellipsis (the id is never what is cut on a task). */
const fit = (name: string, max: number) => (name.length > max ? `${name.slice(0, max - 1)}…` : name);

/**
 * The slot calendar as an SVG picture: warehouses down, dates across, each cell coloured by its
 * acceptance coefficient and labelled with it. Pure: the same input draws the same picture.
 */
export function calendarSvg(input: PictureInput): string {
  const intl = input.locale === "ru" ? "ru-RU" : "en-GB";
  const weekday = new Intl.DateTimeFormat(intl, { weekday: "short", timeZone: "UTC" });
  const gridW = input.days.length * (CELL_W + GAP);
  const width = PAD * 2 + LABEL_W + Math.max(gridW, 320);
  const rows = Math.max(input.rows.length, 1);
  const height = HEAD + DAYS_H + rows * (CELL_H + GAP) + LEGEND_H + PAD;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Inter">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${PAD}" y="30" font-size="20" font-weight="600" fill="#111">${escapeXml(input.title)}</text>`,
    `<text x="${PAD}" y="52" font-size="13" fill="#6b7480">${escapeXml(input.subtitle)}</text>`,
  ];
  input.days.forEach((day, i) => {
    const x = PAD + LABEL_W + i * (CELL_W + GAP) + CELL_W / 2;
    const date = new Date(`${day}T00:00:00Z`);
    const weekend = date.getUTCDay() === 0 || date.getUTCDay() === 6;
    parts.push(
      `<text x="${x}" y="${HEAD + 14}" font-size="13" font-weight="600" text-anchor="middle" fill="${weekend ? "#d0453a" : "#111"}">${date.getUTCDate()}</text>`,
      `<text x="${x}" y="${HEAD + 28}" font-size="10" text-anchor="middle" fill="#6b7480">${escapeXml(weekday.format(date))}</text>`,
    );
  });
  if (input.rows.length === 0) {
    parts.push(
      `<text x="${PAD}" y="${HEAD + DAYS_H + 20}" font-size="14" fill="#6b7480">${escapeXml(input.empty)}</text>`,
    );
  }
  input.rows.forEach((row, index) => {
    const y = HEAD + DAYS_H + index * (CELL_H + GAP);
    if (row.note) {
      parts.push(
        `<text x="${PAD}" y="${y + 12}" font-size="12" fill="#111">${escapeXml(fit(row.name, 20))}</text>`,
        `<text x="${PAD}" y="${y + 26}" font-size="10" fill="#6b7480">${escapeXml(fit(row.note, 26))}</text>`,
      );
    } else {
      parts.push(
        `<text x="${PAD}" y="${y + CELL_H / 2 + 5}" font-size="13" fill="#111">${escapeXml(fit(row.name, 19))}</text>`,
      );
    }
    input.days.forEach((day, i) => {
      const cell = input.cells.get(`${row.key}:${day}`);
      const tone = cell ? cellTone(cell.coefficient, cell.allowUnload) : "closed";
      const x = PAD + LABEL_W + i * (CELL_W + GAP);
      const label = cell && tone !== "closed" ? (cell.coefficient === 0 ? "0" : `×${cell.coefficient}`) : "";
      parts.push(`<rect x="${x}" y="${y}" width="${CELL_W}" height="${CELL_H}" rx="6" fill="${COLORS[tone].fill}"/>`);
      if (label) {
        parts.push(
          `<text x="${x + CELL_W / 2}" y="${y + CELL_H / 2 + 4}" font-size="12" font-weight="600" text-anchor="middle" fill="${COLORS[tone].text}">${label}</text>`,
        );
      }
    });
  });
  const legendY = height - PAD - 14;
  let x = PAD;
  for (const tone of ["free", "cheap", "medium", "dear", "closed"] as const) {
    parts.push(
      `<rect x="${x}" y="${legendY - 11}" width="14" height="14" rx="3" fill="${COLORS[tone].fill}"/>`,
      `<text x="${x + 20}" y="${legendY}" font-size="12" fill="#4a525c">${escapeXml(input.legend[tone])}</text>`,
    );
    x += 28 + input.legend[tone].length * 7;
  }
  parts.push("</svg>");
  return parts.join("");
}
