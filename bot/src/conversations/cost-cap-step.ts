import { InlineKeyboard } from "grammy";
import { amountName } from "../format.ts";
import { type Dialog, flowButton } from "./dialog.ts";
import type { StepResult, TaskDraft } from "./task-steps.ts";

/** The API's bound on a ruble cap. */
export const MAX_COST_RUB = 10_000_000;
const PRESETS = [1_000, 3_000, 5_000, 10_000] as const;

/**
 * A sum of rubles as people type it — "5000", "5 000", "5,000 ₽", "5000 руб." — or "tooLarge" for a
 * whole number of rubles past the API's bound, or null when the text is no such number.
 */
export function parseRubles(text: string): number | "tooLarge" | null {
  const bare = text
    .trim()
    .toLowerCase()
    .replace(/\s*(₽|руб(лей|ля|ль)?\.?|р\.?|rub(les?)?|rur)$/u, "")
    // Thousands separators: spaces (plain, no-break, thin) and commas between groups of three.
    .replace(/[\s\u00a0\u202f]+(?=\d{3}(\D|$))/gu, "")
    .replace(/,(?=\d{3}(\D|$))/g, "")
    .replace(/^0+(?=\d)/, "");
  if (!/^\d+$/.test(bare)) return null;
  // Compared as digits: a long one is past the bound however a float would round it.
  if (bare.length > String(MAX_COST_RUB).length) return "tooLarge";
  const amount = Number(bare);
  return amount <= MAX_COST_RUB ? amount : "tooLarge";
}

/**
 * The ruble cap on the acceptance cost, beside the coefficient cap: a preset, a sum typed, or no cap.
 * WB's cost is the coefficient × the supply's volume, so the same coefficient can cost very
 * different sums; the booker reads the day's cost and leaves a dearer slot alone.
 */
export async function costCapStep(dialog: Dialog, draft: TaskDraft): Promise<StepResult> {
  const { t, locale } = dialog;
  const keyboard = new InlineKeyboard();
  PRESETS.forEach((amount, i) => {
    keyboard.text(t("bot.newTask.costCap.upTo", { amount: amountName(locale, amount) }), flowButton(`r:${amount}`));
    if (i % 2 === 1) keyboard.row();
  });
  keyboard.text(t("bot.newTask.costCap.none"), flowButton("r:none"));
  for (;;) {
    const answer = await dialog.ask(t("bot.newTask.costCap.prompt"), keyboard);
    if (answer === "back") return "back";
    if (answer.kind === "button" && answer.data === "r:none") {
      draft.maxCostRub = null;
      return "next";
    }
    const amount =
      answer.kind === "button"
        ? answer.data.startsWith("r:")
          ? parseRubles(answer.data.slice(2))
          : null
        : parseRubles(answer.text);
    if (amount === "tooLarge") {
      await dialog.explain(t("bot.newTask.costCap.tooLarge", { max: amountName(locale, MAX_COST_RUB) }));
      continue;
    }
    if (amount === null) {
      await dialog.explain(t("bot.newTask.costCap.invalid", { max: amountName(locale, MAX_COST_RUB) }));
      continue;
    }
    draft.maxCostRub = amount;
    // 0 ₽ with a paid coefficient allowed: only a free slot can ever fit. Said now, not found out later.
    if (amount === 0 && (draft.maxCoefficient ?? 0) > 0) {
      await dialog.say(t("bot.newTask.costCap.freeOnly", { max: draft.maxCoefficient }));
    }
    return "next";
  }
}
