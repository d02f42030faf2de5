import { PLAN_IDS, upgradeFor } from "@slotpilot/domain";
import { describe, expect, it } from "vitest";
import { keysOf, type Locale, resources, translator } from "./index.ts";

const LOCALES = Object.keys(resources) as Locale[];
/** "Pro" of "Pro · 25": the word a plan is called by. */
const planWord = (locale: Locale, id: string) => translator(locale)(`billing.plans.${id}`).split(" · ")[0] ?? "";

describe("plan names", () => {
  it.each(LOCALES)("%s names a plan only in its own billing.plans message, never in another language", (locale) => {
    const t = translator(locale);
    const other = LOCALES.filter((l) => l !== locale);
    // A paid plan's word in another language ("Pro" in Russian) means a message wrote the name itself.
    const foreign = PLAN_IDS.filter((id) => id !== "trial").flatMap((id) => other.map((l) => planWord(l, id)));
    const named = keysOf(resources[locale])
      .filter((key) => !key.startsWith("billing.plans."))
      .flatMap((key) => {
        const text = t(key, { plan: "pro25", upgrade: "pro25" });
        return foreign
          .filter((word) => new RegExp(`(^|[^\\p{L}])${word}([^\\p{L}]|$)`, "u").test(text))
          .map((word) => `${key}: ${word}`);
      });
    expect(named).toEqual([]);
  });

  it("the re-plan option names the cheapest plan that has it, as the plan screen does", () => {
    const plan = upgradeFor({ feature: "replan" });
    for (const locale of LOCALES) {
      const t = translator(locale);
      const name = t(`billing.plans.${plan}`);
      expect(t("bot.task.modes.replan")).toContain(name);
      expect(t("miniapp.form.replanHint", { plan })).toContain(name);
    }
  });
});
