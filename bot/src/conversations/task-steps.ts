import { lastTaskDay, MAX_TASK_DAYS, moscowToday } from "@slotpilot/domain";
import { InlineKeyboard } from "grammy";
import { unwrap } from "../api-call.ts";
import { boxName, capName, costCapName, draftLabel, formatDayList, formatDays, modeName } from "../format.ts";
import { addDays, calendarKeyboard, daysOf } from "../keyboards/calendar.ts";
import { type Dialog, flowButton } from "./dialog.ts";

export interface TaskDraft {
  cabinet?: { id: number; name: string };
  supply?:
    | { kind: "preorder"; preorderId: number; warehouseId: number; warehouseName: string | null; boxTypeId: number }
    | { kind: "draft"; draftId: string; createdAt: string | null; goodQuantity: number | null };
  /** Ranked candidates for a draft (a preorder's warehouse is WB's). */
  warehouses: { id: number; name: string }[];
  boxTypeId?: number;
  dateFrom?: string;
  dateTo?: string;
  skipDates: string[];
  maxCoefficient?: number;
  /** A cap on the acceptance cost in rubles; null: none; undefined: not asked yet. */
  maxCostRub?: number | null;
  mode?: "book" | "alert";
  /** Book up to WB's final confirmation and stop (a book task only). */
  dryRun?: boolean;
  /** After booking at a paid coefficient, move the supply to a better day (a Pro feature). */
  replan?: boolean;
}

/** A step's outcome: on to the next step, back to the previous one. */
export type StepResult = "next" | "back";

/** The box types WB has, in the order sellers use them most. */
const BOX_TYPES = [2, 5, 6, 0] as const;
const CAPS = [0, 1, 2, 3, 5, 10] as const;
const MAX_CAP = 20;

/** Which supply to book: one of the cabinet's unplanned supplies or drafts, as buttons. */
export async function supplyStep(dialog: Dialog, draft: TaskDraft, first: boolean): Promise<StepResult> {
  const { t } = dialog;
  const cabinet = draft.cabinet;
  if (!cabinet) return "back";
  for (;;) {
    const loaded = await dialog.call(async (outer) =>
      unwrap(await outer.backend.supplies.$get({ query: { cabinetId: String(cabinet.id) } })),
    );
    const keyboard = new InlineKeyboard();
    let text: string;
    if (!loaded.ok) {
      text = `${t("bot.newTask.supply.failed")}\n${loaded.message}`;
      keyboard.text(t("bot.flow.retry"), flowButton("retry")).row();
    } else if (loaded.value.preorders.length === 0 && loaded.value.drafts.length === 0) {
      text = t("bot.newTask.supply.none", { cabinet: cabinet.name });
      keyboard.text(t("bot.flow.retry"), flowButton("retry")).row();
    } else {
      text = t("bot.newTask.supply.prompt", { cabinet: cabinet.name });
      for (const p of loaded.value.preorders) {
        const where = p.warehouseName ?? (p.warehouseId ? t("bot.task.warehouseNumber", { id: p.warehouseId }) : "");
        const box = p.boxTypeId === null ? "" : ` · ${boxName(t, p.boxTypeId)}`;
        keyboard.text(`№${p.preorderId} · ${where}${box}`, flowButton(`p:${p.preorderId}`)).row();
      }
      for (const d of loaded.value.drafts) {
        keyboard.text(draftLabel(t, dialog.locale, d), flowButton(`d:${d.draftId}`)).row();
      }
    }
    const answer = await dialog.ask(text, keyboard, { back: !first });
    if (answer === "back") return "back";
    if (answer.kind === "text") {
      await dialog.explain(t("bot.flow.useButtons"));
      continue;
    }
    if (answer.data === "retry" || !loaded.ok) continue;
    if (answer.data.startsWith("p:")) {
      const id = Number(answer.data.slice(2));
      const p = loaded.value.preorders.find((x) => x.preorderId === id);
      if (!p || p.warehouseId === null || p.boxTypeId === null) {
        await dialog.explain(t("bot.newTask.supply.incomplete", { id }));
        continue;
      }
      draft.supply = {
        kind: "preorder",
        preorderId: id,
        warehouseId: p.warehouseId,
        warehouseName: p.warehouseName,
        boxTypeId: p.boxTypeId,
      };
      draft.boxTypeId = p.boxTypeId;
      draft.warehouses = [{ id: p.warehouseId, name: p.warehouseName ?? String(p.warehouseId) }];
      return "next";
    }
    if (answer.data.startsWith("d:")) {
      const draftId = answer.data.slice(2);
      const d = loaded.value.drafts.find((x) => x.draftId === draftId);
      draft.supply = { kind: "draft", draftId, createdAt: d?.createdAt ?? null, goodQuantity: d?.goodQuantity ?? null };
      draft.warehouses = [];
      delete draft.boxTypeId;
      return "next";
    }
  }
}

/** A draft's candidate warehouses, ranked: search by typing, tap to add, in order of preference. */
export async function warehousesStep(dialog: Dialog, draft: TaskDraft): Promise<StepResult> {
  const { t } = dialog;
  let search = "";
  for (;;) {
    const found = await dialog.call(async (outer) =>
      unwrap(await outer.backend.warehouses.$get({ query: { search, limit: "12" } })),
    );
    const chosen = draft.warehouses;
    const keyboard = new InlineKeyboard();
    const offered = found.ok
      ? found.value.warehouses.filter((w) => !chosen.some((c) => c.id === w.id)).slice(0, 8)
      : [];
    offered.forEach((w, i) => {
      keyboard.text(`${w.favourite ? "★ " : ""}${w.name}`, flowButton(`w:${w.id}`));
      if (i % 2 === 1) keyboard.row();
    });
    keyboard.row();
    if (chosen.length > 0) {
      keyboard.text(t("bot.newTask.warehouses.clear"), flowButton("clear"));
      keyboard.text(t("bot.newTask.warehouses.done", { count: chosen.length }), flowButton("done"));
    }
    const list = chosen.map((w, i) => `${i + 1}. ${w.name}`).join("\n");
    const lines = [t("bot.newTask.warehouses.prompt")];
    if (list) lines.push("", t("bot.newTask.warehouses.chosen"), list);
    // Nothing matched at all (not: every match is chosen already — then there is nothing to say).
    if (search && found.ok && found.value.warehouses.length === 0) {
      lines.push("", t("bot.newTask.warehouses.nothingFound", { search }));
    }
    if (!found.ok) lines.push("", found.message);
    const answer = await dialog.ask(lines.join("\n"), keyboard);
    if (answer === "back") return "back";
    if (answer.kind === "text") {
      search = answer.text.slice(0, 64);
      continue;
    }
    if (answer.data === "clear") draft.warehouses = [];
    else if (answer.data === "done" && chosen.length > 0) return "next";
    else if (answer.data.startsWith("w:")) {
      const id = Number(answer.data.slice(2));
      const w = offered.find((x) => x.id === id);
      if (w && chosen.length >= 20) await dialog.explain(t("bot.newTask.warehouses.tooMany", { max: 20 }));
      else if (w) draft.warehouses = [...chosen, { id: w.id, name: w.name }];
    }
  }
}

/** A draft's box type (a preorder's is WB's). */
export async function boxTypeStep(dialog: Dialog, draft: TaskDraft): Promise<StepResult> {
  const { t } = dialog;
  const keyboard = new InlineKeyboard();
  for (const id of BOX_TYPES) keyboard.text(boxName(t, id), flowButton(`b:${id}`)).row();
  for (;;) {
    const answer = await dialog.ask(t("bot.newTask.boxType.prompt"), keyboard);
    if (answer === "back") return "back";
    if (answer.kind === "button" && answer.data.startsWith("b:")) {
      draft.boxTypeId = Number(answer.data.slice(2));
      return "next";
    }
    await dialog.explain(t("bot.flow.useButtons"));
  }
}

/**
 * The dates on an inline calendar: the first tap picks the first day, the second the last (one
 * day: the same day twice, or Done). At most 30 days, from today (Moscow) to the last day a task
 * may watch (the domain's horizon).
 */
export async function datesStep(dialog: Dialog, draft: TaskDraft, now: number): Promise<StepResult> {
  const { t } = dialog;
  const today = moscowToday(new Date(now));
  const last = lastTaskDay(today);
  let month = (draft.dateFrom ?? today).slice(0, 7);
  let from = draft.dateFrom;
  let to = draft.dateTo;
  for (;;) {
    const keyboard = calendarKeyboard({ month, first: today, last, locale: dialog.locale, from, to, mode: "range" });
    keyboard.row();
    keyboard.text(t("bot.newTask.dates.next7"), flowButton("preset:7"));
    keyboard.text(t("bot.newTask.dates.next14"), flowButton("preset:14"));
    if (from) keyboard.row().text(t("bot.flow.done"), flowButton("done"));
    const picked = from ? formatDays(from, to ?? from, dialog.locale) : t("bot.newTask.dates.none");
    const answer = await dialog.ask(
      `${t("bot.newTask.dates.prompt", { max: MAX_TASK_DAYS })}\n\n${t("bot.newTask.dates.picked", { days: picked })}`,
      keyboard,
    );
    if (answer === "back") return "back";
    if (answer.kind === "text") {
      await dialog.explain(t("bot.newTask.dates.useCalendar"));
      continue;
    }
    const data = answer.data;
    if (data.startsWith("month:")) month = data.slice(6);
    else if (data.startsWith("preset:")) {
      from = today;
      to = addDays(today, Number(data.slice(7)) - 1);
    } else if (data.startsWith("day:")) {
      const day = data.slice(4);
      if (!from || to) {
        from = day;
        to = undefined;
      } else {
        const [a, b] = day < from ? [day, from] : [from, day];
        if (daysOf(a, b).length > MAX_TASK_DAYS) {
          await dialog.explain(t("bot.newTask.dates.tooLong", { max: MAX_TASK_DAYS }));
          continue;
        }
        from = a;
        to = b;
      }
    } else if (data === "done" && from) {
      const start = from;
      const end = to ?? from;
      draft.dateFrom = start;
      draft.dateTo = end;
      // Skipped days outside a new range would be refused: keep only those still inside.
      draft.skipDates = draft.skipDates.filter((d) => d >= start && d <= end);
      return "next";
    }
  }
}

/** Days inside the range not to book (optional): tap to toggle. */
export async function skipsStep(dialog: Dialog, draft: TaskDraft): Promise<StepResult> {
  const { t } = dialog;
  const from = draft.dateFrom;
  const to = draft.dateTo;
  if (!from || !to) return "back";
  // Nothing to skip in a one-day range.
  if (from === to) return "next";
  let month = from.slice(0, 7);
  for (;;) {
    const keyboard = calendarKeyboard({
      month,
      first: from,
      last: to,
      locale: dialog.locale,
      from,
      to,
      skips: draft.skipDates,
      mode: "skip",
    });
    keyboard
      .row()
      .text(draft.skipDates.length > 0 ? t("bot.flow.done") : t("bot.newTask.skips.none"), flowButton("done"));
    const skipped = draft.skipDates.length > 0 ? formatDayList(draft.skipDates, dialog.locale) : "—";
    const answer = await dialog.ask(
      `${t("bot.newTask.skips.prompt")}\n\n${t("bot.newTask.skips.picked", { days: skipped })}`,
      keyboard,
    );
    if (answer === "back") return "back";
    if (answer.kind === "text") {
      await dialog.explain(t("bot.newTask.dates.useCalendar"));
      continue;
    }
    if (answer.data === "done") return "next";
    if (answer.data.startsWith("month:")) month = answer.data.slice(6);
    if (answer.data.startsWith("day:")) {
      const day = answer.data.slice(4);
      const skips = new Set(draft.skipDates);
      if (skips.has(day)) skips.delete(day);
      else if (skips.size + 1 >= daysOf(from, to).length) {
        await dialog.explain(t("bot.newTask.skips.allSkipped"));
        continue;
      } else skips.add(day);
      draft.skipDates = [...skips].sort();
    }
  }
}

/** The highest acceptance coefficient the seller accepts: a button, or a number typed. */
export async function capStep(dialog: Dialog, draft: TaskDraft): Promise<StepResult> {
  const { t } = dialog;
  const keyboard = new InlineKeyboard();
  CAPS.forEach((cap, i) => {
    keyboard.text(capName(t, cap), flowButton(`c:${cap}`));
    if (i % 3 === 2) keyboard.row();
  });
  for (;;) {
    const answer = await dialog.ask(t("bot.newTask.cap.prompt", { max: MAX_CAP }), keyboard);
    if (answer === "back") return "back";
    const raw = (answer.kind === "button" ? answer.data.replace(/^c:/, "") : answer.text.replace(/^[x×хХ]/, "").trim())
      // "05" is 5.
      .replace(/^0+(?=\d)/, "");
    if (/^\d{1,2}$/.test(raw) && Number(raw) <= MAX_CAP) {
      draft.maxCoefficient = Number(raw);
      return "next";
    }
    // A number past the cap WB uses is a coefficient too: say what is wrong with it, echoing it only
    // while it reads as typed (a long run of digits would not, and says nothing more).
    if (/^\d{1,6}$/.test(raw)) {
      await dialog.explain(t("bot.newTask.cap.tooHigh", { value: raw, max: MAX_CAP }));
    } else if (/^\d+$/.test(raw)) await dialog.explain(t("bot.newTask.cap.tooHighLong", { max: MAX_CAP }));
    else await dialog.explain(t("bot.newTask.cap.invalid", { max: MAX_CAP }));
  }
}

/** A mode button's data → the task's mode, dry run and re-plan. */
const MODES: Record<string, { mode: "book" | "alert"; dryRun: boolean; replan: boolean }> = {
  "m:book": { mode: "book", dryRun: false, replan: false },
  "m:replan": { mode: "book", dryRun: false, replan: true },
  "m:dry": { mode: "book", dryRun: true, replan: false },
  "m:alert": { mode: "alert", dryRun: false, replan: false },
};

/**
 * Book automatically (and, optionally, move the supply to a better day afterwards), book as a dry
 * run (up to WB's final confirmation, nothing booked), or only alert.
 */
export async function modeStep(dialog: Dialog, draft: TaskDraft): Promise<StepResult> {
  const { t } = dialog;
  const keyboard = new InlineKeyboard()
    .text(t("bot.task.modes.book"), flowButton("m:book"))
    .row()
    .text(t("bot.task.modes.replan"), flowButton("m:replan"))
    .row()
    .text(t("bot.task.modes.dryRun"), flowButton("m:dry"))
    .row()
    .text(t("bot.task.modes.alert"), flowButton("m:alert"));
  for (;;) {
    const answer = await dialog.ask(t("bot.newTask.mode.prompt"), keyboard);
    if (answer === "back") return "back";
    const choice = answer.kind === "button" && Object.hasOwn(MODES, answer.data) ? MODES[answer.data] : undefined;
    if (choice) {
      draft.mode = choice.mode;
      draft.dryRun = choice.dryRun;
      draft.replan = choice.replan;
      return "next";
    }
    await dialog.explain(t("bot.flow.useButtons"));
  }
}

/** The task in words, as the summary and the task card show it. */
export function draftSummary(dialog: Dialog, draft: TaskDraft): string {
  const { t, locale } = dialog;
  const supply = draft.supply;
  const lines = [
    t("bot.task.fields.cabinet", { value: draft.cabinet?.name ?? "—" }),
    t("bot.task.fields.supply", {
      value: supply
        ? supply.kind === "preorder"
          ? t("bot.task.supply.preorder", { id: supply.preorderId })
          : draftLabel(t, locale, supply)
        : "—",
    }),
    t("bot.task.fields.warehouses", { value: draft.warehouses.map((w) => w.name).join(" → ") || "—" }),
    t("bot.task.fields.boxType", { value: draft.boxTypeId === undefined ? "—" : boxName(t, draft.boxTypeId) }),
    t("bot.task.fields.dates", {
      value: draft.dateFrom ? formatDays(draft.dateFrom, draft.dateTo ?? draft.dateFrom, locale) : "—",
    }),
  ];
  if (draft.skipDates.length > 0) {
    lines.push(t("bot.task.fields.skips", { value: formatDayList(draft.skipDates, locale) }));
  }
  lines.push(
    t("bot.task.fields.cap", { value: draft.maxCoefficient === undefined ? "—" : capName(t, draft.maxCoefficient) }),
  );
  // An alert pays nothing: its ruble cap would mean nothing.
  if (draft.mode !== "alert") {
    lines.push(
      t("bot.task.fields.costCap", {
        value: draft.maxCostRub === undefined ? "—" : costCapName(t, locale, draft.maxCostRub),
      }),
    );
  }
  lines.push(
    t("bot.task.fields.mode", {
      value: draft.mode ? modeName(t, draft.mode, draft.dryRun ?? false, draft.replan ?? false) : "—",
    }),
  );
  return lines.join("\n");
}
