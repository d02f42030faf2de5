import { createConversation } from "@grammyjs/conversations";
import { LOCALES } from "@slotpilot/domain";
import { translator } from "@slotpilot/locales";
import { type Context, InlineKeyboard } from "grammy";
import { unwrap } from "../api-call.ts";
import type { BotContext } from "../context.ts";
import { menuKeyboard } from "../keyboards.ts";
import { connectFlow } from "./connect-cabinet.ts";
import { type Convo, Dialog, flowButton, runFlow } from "./dialog.ts";
import { announceTask, taskFlow } from "./new-task.ts";

/**
 * `/start` for a new seller: language → what Slotpilot does, in three lines → connect a WB
 * cabinet → the first task. "Later" at any point ends with the menu. (A seller who set up in the
 * Mini App, a cabinet already, gets the menu from `/start` instead; should one arrive here all the
 * same, they get the menu after the language.)
 */
export async function onboarding(conversation: Convo, ctx: Context) {
  await runFlow(async () => {
    let dialog = await Dialog.open(conversation, ctx);
    const name = await conversation.external((outer) => outer.seller.user.firstName);
    const languages = new InlineKeyboard();
    for (const locale of LOCALES)
      languages.text(translator(locale)("common.languageName"), flowButton(`lang:${locale}`));
    for (;;) {
      const answer = await dialog.choose(dialog.t("bot.welcome", { name }), languages, { back: false });
      if (answer === "back" || !answer.data.startsWith("lang:")) continue;
      const locale = answer.data === "lang:ru" ? "ru" : "en";
      const saved = await dialog.call(async (outer) => unwrap(await outer.backend.me.$patch({ json: { locale } })));
      if (saved.ok) {
        dialog = dialog.relocalize(saved.value.locale);
        break;
      }
      await dialog.explain(saved.message);
    }
    const { t } = dialog;
    const app = await dialog.miniApp();
    const cabinets = await dialog.call(async (outer) => unwrap(await outer.backend.cabinets.$get()));
    if (cabinets.ok && cabinets.value.cabinets.length > 0) {
      await dialog.say(t("bot.menu"), menuKeyboard(t, app.url, app.live));
      return;
    }
    const intro = new InlineKeyboard()
      .text(t("bot.onboarding.connect"), flowButton("connect"))
      .row()
      .text(t("bot.onboarding.later"), flowButton("later"));
    const step = await dialog.choose(t("bot.onboarding.intro"), intro, { back: false });
    if (step === "back" || step.data !== "connect") {
      await dialog.say(t("bot.menu"), menuKeyboard(t, app.url, app.live));
      return;
    }
    const cabinet = await connectFlow(dialog);
    if (!cabinet) {
      await dialog.say(t("bot.menu"), menuKeyboard(t, app.url, app.live));
      return;
    }
    const next = await dialog.choose(
      t("bot.onboarding.firstTask"),
      new InlineKeyboard()
        .text(t("bot.onboarding.createTask"), flowButton("task"))
        .row()
        .text(t("bot.onboarding.later"), flowButton("later")),
      { back: false },
    );
    if (next !== "back" && next.data === "task") {
      const task = await taskFlow(dialog, await conversation.now());
      if (task) {
        await announceTask(dialog, task);
        return;
      }
    }
    await dialog.say(t("bot.menu"), menuKeyboard(t, app.url, app.live));
  });
}

export const onboardingConversation = () => createConversation<BotContext, Context>(onboarding, { id: "onboarding" });
