import { createConversation } from "@grammyjs/conversations";
import { type Context, InlineKeyboard } from "grammy";
import { unwrap } from "../api-call.ts";
import type { BotContext } from "../context.ts";
import { appUrl } from "../format.ts";
import { connectFlow } from "./connect-cabinet.ts";
import { costCapStep } from "./cost-cap-step.ts";
import { type Convo, Dialog, flowButton, runFlow } from "./dialog.ts";
import {
  boxTypeStep,
  capStep,
  datesStep,
  draftSummary,
  modeStep,
  type StepResult,
  skipsStep,
  supplyStep,
  type TaskDraft,
  warehousesStep,
} from "./task-steps.ts";

type Step =
  | "cabinet"
  | "supply"
  | "warehouses"
  | "boxType"
  | "dates"
  | "skips"
  | "cap"
  | "costCap"
  | "mode"
  | "confirm";

/**
 * The steps this draft goes through: a draft supply also needs warehouses and a box type; the ruble
 * cap is asked only of a task that books (an alert pays nothing).
 */
function stepsFor(draft: TaskDraft, withCabinet: boolean): Step[] {
  const steps: Step[] = withCabinet ? ["cabinet", "supply"] : ["supply"];
  if (draft.supply?.kind === "draft") steps.push("warehouses", "boxType");
  steps.push("dates", "skips", "cap", "mode");
  if (draft.mode !== "alert") steps.push("costCap");
  steps.push("confirm");
  return steps;
}

/** Which step to go back to when the API refuses the task for one of its fields. */
function stepForError(code: string, field: string | undefined): Step {
  if (code.startsWith("task.date") || code === "task.range_too_long" || code === "task.deadline_in_past")
    return "dates";
  if (code === "task.skip_outside_range" || field?.startsWith("skipDates")) return "skips";
  if (code === "task.unknown_warehouse" || field?.startsWith("supply.warehouseIds")) return "warehouses";
  if (code === "task.box_type_mismatch" || code === "task.unknown_box_type") return "boxType";
  if (field === "maxCoefficient") return "cap";
  if (field === "maxCostRub") return "costCap";
  if (field === "mode" || field === "dryRun" || field === "replan" || code === "plan.feature_required") return "mode";
  return "supply";
}

export type CreatedTask = { id: number };

/**
 * `/new`, step by step: cabinet → an unplanned supply or a draft → (a draft's warehouses, ranked,
 * and box type) → dates on a calendar → days to skip → maximum coefficient → book, dry run or
 * alert → (booking: a ruble cap on the acceptance cost) → a summary to confirm. Back on every step
 * but the first; the API's refusal brings the user back to the step it concerns, with its message,
 * and once that step is answered, back to the summary.
 */
export async function taskFlow(dialog: Dialog, now: number): Promise<CreatedTask | undefined> {
  const { t } = dialog;
  const cabinets = await dialog.call(async (outer) => unwrap(await outer.backend.cabinets.$get()));
  if (!cabinets.ok) {
    await dialog.say(cabinets.message);
    return undefined;
  }
  let list = cabinets.value.cabinets.map((c) => ({ id: c.id, name: c.name }));
  if (list.length === 0) {
    const connect = await dialog.choose(
      t("bot.newTask.noCabinet"),
      new InlineKeyboard().text(t("bot.cabinets.add"), flowButton("connect")),
      { back: false },
    );
    if (connect === "back") return undefined;
    const cabinet = await connectFlow(dialog);
    if (!cabinet) return undefined;
    list = [cabinet];
  }
  const draft: TaskDraft = { warehouses: [], skipDates: [] };
  const withCabinet = list.length > 1;
  if (!withCabinet) draft.cabinet = list[0];
  let index = 0;
  /** The step the API's refusal sent the user back to, while they fix it. */
  let fixing: Step | null = null;
  for (;;) {
    const steps = stepsFor(draft, withCabinet);
    const step = steps[index] ?? "confirm";
    const first = index === 0;
    let result: StepResult | CreatedTask | Step;
    switch (step) {
      case "cabinet":
        result = await cabinetStep(dialog, draft, list);
        break;
      case "supply":
        result = await supplyStep(dialog, draft, first);
        break;
      case "warehouses":
        result = await warehousesStep(dialog, draft);
        break;
      case "boxType":
        result = await boxTypeStep(dialog, draft);
        break;
      case "dates":
        result = await datesStep(dialog, draft, now);
        break;
      case "skips":
        result = await skipsStep(dialog, draft);
        break;
      case "cap":
        result = await capStep(dialog, draft);
        break;
      case "costCap":
        result = await costCapStep(dialog, draft);
        break;
      case "mode":
        result = await modeStep(dialog, draft);
        break;
      case "confirm":
        result = await confirmStep(dialog, draft);
        break;
    }
    if (typeof result === "object") return result;
    const order = stepsFor(draft, withCabinet);
    if (result === "back") {
      fixing = null;
      index = Math.max(0, index - 1);
    } else if (result === "next") {
      // The field the API refused is fixed: straight back to the summary (the answers after it
      // still stand), unless it was the supply, which changes what the later steps ask.
      index = fixing === step && step !== "supply" ? order.indexOf("confirm") : index + 1;
      fixing = null;
    } else {
      fixing = result;
      index = Math.max(0, order.indexOf(result));
    }
  }
}

async function cabinetStep(dialog: Dialog, draft: TaskDraft, cabinets: { id: number; name: string }[]) {
  const { t } = dialog;
  const keyboard = new InlineKeyboard();
  for (const c of cabinets) keyboard.text(c.name, flowButton(`cab:${c.id}`)).row();
  for (;;) {
    const answer = await dialog.choose(t("bot.newTask.cabinet.prompt"), keyboard, { back: false });
    if (answer === "back") continue;
    const chosen = cabinets.find((c) => `cab:${c.id}` === answer.data);
    if (chosen) {
      if (draft.cabinet?.id !== chosen.id) {
        delete draft.supply;
        draft.warehouses = [];
      }
      draft.cabinet = chosen;
      return "next" as const;
    }
    await dialog.explain(t("bot.flow.useButtons"));
  }
}

async function confirmStep(dialog: Dialog, draft: TaskDraft): Promise<"back" | Step | CreatedTask> {
  const { t } = dialog;
  const keyboard = new InlineKeyboard().text(t("bot.newTask.confirm.create"), flowButton("create"));
  for (;;) {
    const answer = await dialog.ask(`${t("bot.newTask.confirm.prompt")}\n\n${draftSummary(dialog, draft)}`, keyboard);
    if (answer === "back") return "back";
    if (answer.kind !== "button" || answer.data !== "create") {
      await dialog.explain(t("bot.flow.useButtons"));
      continue;
    }
    const { cabinet, supply, dateFrom, dateTo, maxCoefficient, maxCostRub, mode } = draft;
    if (!cabinet || !supply || !dateFrom || !dateTo || maxCoefficient === undefined || !mode) return "supply";
    if (maxCostRub === undefined && mode !== "alert") return "costCap";
    const body = {
      cabinetId: cabinet.id,
      supply:
        supply.kind === "preorder"
          ? { kind: "preorder" as const, preorderId: supply.preorderId }
          : { kind: "draft" as const, draftId: supply.draftId, warehouseIds: draft.warehouses.map((w) => w.id) },
      ...(draft.boxTypeId === undefined ? {} : { boxTypeId: draft.boxTypeId }),
      dateFrom,
      dateTo,
      skipDates: draft.skipDates,
      maxCoefficient,
      maxCostRub: mode === "alert" ? null : (maxCostRub ?? null),
      mode,
      dryRun: mode === "book" && (draft.dryRun ?? false),
      replan: mode === "book" && !(draft.dryRun ?? false) && (draft.replan ?? false),
    };
    const created = await dialog.call(
      async (outer) => (await unwrap(await outer.backend.tasks.$post({ json: body }))).task,
    );
    if (created.ok) return { id: created.value.id };
    await dialog.explain(created.message);
    return stepForError(created.code, created.fields?.[0]?.field);
  }
}

/** After a task is created: what happens next, and where to see it. */
export async function announceTask(dialog: Dialog, task: CreatedTask): Promise<void> {
  const { t } = dialog;
  const app = await dialog.miniApp();
  const url = appUrl(app.url, `/tasks/${task.id}`);
  const keyboard = new InlineKeyboard();
  if (!app.live || url.startsWith("https://")) keyboard.webApp(t("bot.task.openInApp"), url);
  else keyboard.url(t("bot.task.openInApp"), url);
  keyboard.row().text(t("bot.tasks.title"), "t:list");
  await dialog.say(t("bot.newTask.created", { id: task.id }), keyboard);
}

/** The `/new` conversation. */
export async function newTask(conversation: Convo, ctx: Context) {
  await runFlow(async () => {
    const dialog = await Dialog.open(conversation, ctx);
    const now = await conversation.now();
    const task = await taskFlow(dialog, now);
    if (task) await announceTask(dialog, task);
  });
}

export const newTaskConversation = () => createConversation<BotContext, Context>(newTask, { id: "newTask" });
