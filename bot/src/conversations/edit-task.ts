import { createConversation } from "@grammyjs/conversations";
import { type Context, InlineKeyboard } from "grammy";
import { unwrap } from "../api-call.ts";
import type { BotContext } from "../context.ts";
import { costCapStep } from "./cost-cap-step.ts";
import { type Convo, Dialog, flowButton, runFlow } from "./dialog.ts";
import { capStep, datesStep, draftSummary, modeStep, skipsStep, type TaskDraft } from "./task-steps.ts";

type Field = "dates" | "skips" | "cap" | "costCap" | "mode";

/** What can be changed: the ruble cap only while the task books (an alert pays nothing). */
const fieldsOf = (draft: TaskDraft): Field[] =>
  draft.mode === "alert" ? ["dates", "skips", "cap", "mode"] : ["dates", "skips", "cap", "costCap", "mode"];

function menuOf(dialog: Dialog, draft: TaskDraft): InlineKeyboard {
  const menu = new InlineKeyboard();
  fieldsOf(draft).forEach((field, i) => {
    menu.text(dialog.t(`bot.editTask.fields.${field}`), flowButton(`e:${field}`));
    if (i % 2 === 1) menu.row();
  });
  return menu.row().text(dialog.t("bot.flow.done"), flowButton("done"));
}

/**
 * Editing a task from its card: pick a field, change it with the same step `/new` uses, and it is
 * saved at once (the API's refusal is shown and the field asked again). Done goes back to the card.
 */
export async function editTask(conversation: Convo, ctx: Context, taskId: number) {
  await runFlow(async () => {
    const dialog = await Dialog.open(conversation, ctx);
    const { t } = dialog;
    const id = String(taskId);
    const loaded = await dialog.call(
      async (outer) => (await unwrap(await outer.backend.tasks[":id"].$get({ param: { id } }))).task,
    );
    if (!loaded.ok) {
      await dialog.say(loaded.message);
      return;
    }
    const task = loaded.value;
    const draft: TaskDraft = {
      supply:
        task.supply.kind === "preorder"
          ? {
              kind: "preorder",
              preorderId: task.supply.preorderId,
              warehouseId: task.warehouseIds[0] ?? 0,
              warehouseName: null,
              boxTypeId: task.boxTypeId,
            }
          : { kind: "draft", draftId: task.supply.draftId, createdAt: null, goodQuantity: null },
      warehouses: task.warehouseIds.map((w) => ({ id: w, name: t("bot.task.warehouseNumber", { id: w }) })),
      boxTypeId: task.boxTypeId,
      dateFrom: task.dateFrom,
      dateTo: task.dateTo,
      skipDates: task.skipDates,
      maxCoefficient: task.maxCoefficient,
      maxCostRub: task.maxCostRub,
      mode: task.mode,
      dryRun: task.dryRun,
      replan: task.replan,
    };
    const cabinets = await dialog.call(async (outer) => (await unwrap(await outer.backend.cabinets.$get())).cabinets);
    const cabinet = cabinets.ok ? cabinets.value.find((c) => c.id === task.cabinetId) : undefined;
    if (cabinet) draft.cabinet = { id: cabinet.id, name: cabinet.name };
    const names = await dialog.call(
      async (outer) => (await unwrap(await outer.backend.warehouses.$get({ query: { limit: "1000" } }))).warehouses,
    );
    if (names.ok) {
      draft.warehouses = draft.warehouses.map((w) => ({
        id: w.id,
        name: names.value.find((n) => n.id === w.id)?.name ?? w.name,
      }));
    }
    let notice = "";
    for (;;) {
      const answer = await dialog.ask(
        `${notice}${t("bot.editTask.prompt", { id: taskId })}\n\n${draftSummary(dialog, draft)}`,
        menuOf(dialog, draft),
        { back: false },
      );
      notice = "";
      if (answer === "back") continue;
      if (answer.kind !== "button") {
        await dialog.explain(t("bot.flow.useButtons"));
        continue;
      }
      if (answer.data === "done") {
        await dialog.say(
          t("bot.editTask.done", { id: taskId }),
          new InlineKeyboard().text(t("bot.tasks.open"), `t:open:${taskId}`),
        );
        return;
      }
      const field = fieldsOf(draft).find((f) => answer.data === `e:${f}`);
      if (!field) {
        await dialog.explain(t("bot.flow.useButtons"));
        continue;
      }
      const before = structuredClone(draft);
      const step = await editStep(field, dialog, draft, () => conversation.now());
      if (step === "back") {
        Object.assign(draft, before);
        continue;
      }
      const saved = await dialog.call(
        async (outer) =>
          (await unwrap(await outer.backend.tasks[":id"].$patch({ param: { id }, json: patchOf(field, draft) }))).task,
      );
      if (saved.ok) {
        notice = `✅ ${t("bot.editTask.saved")}\n\n`;
        dialog.cancelKeepsSaved();
      } else {
        Object.assign(draft, before);
        notice = `⚠️ ${saved.message}\n\n`;
      }
    }
  });
}

/** Changes one field with the step `/new` asks it with. */
async function editStep(field: Field, dialog: Dialog, draft: TaskDraft, now: () => Promise<number>) {
  switch (field) {
    case "dates":
      return datesStep(dialog, draft, await now());
    case "skips":
      return skipsStep(dialog, draft);
    case "cap":
      return capStep(dialog, draft);
    case "costCap":
      return costCapStep(dialog, draft);
    case "mode":
      return modeStep(dialog, draft);
  }
}

/** What the API is sent for a changed field. */
function patchOf(field: Field, draft: TaskDraft) {
  switch (field) {
    case "dates":
      return { dateFrom: draft.dateFrom, dateTo: draft.dateTo, skipDates: draft.skipDates };
    case "skips":
      return { skipDates: draft.skipDates };
    case "cap":
      return { maxCoefficient: draft.maxCoefficient };
    case "costCap":
      return { maxCostRub: draft.maxCostRub };
    case "mode":
      return {
        mode: draft.mode,
        dryRun: draft.mode === "book" && (draft.dryRun ?? false),
        replan: draft.mode === "book" && !(draft.dryRun ?? false) && (draft.replan ?? false),
      };
  }
}

export const editTaskConversation = () => createConversation<BotContext, Context>(editTask, { id: "editTask" });
