import type { Conversation } from "@grammyjs/conversations";
import { type Locale, type Translate, translator } from "@slotpilot/locales";
import { type Context, InlineKeyboard } from "grammy";
import { ApiCallError, isRefusal } from "../api-call.ts";
import type { BotContext } from "../context.ts";

export type Convo = Conversation<BotContext, Context>;

/** A flow left waiting this long ends politely with the next update. */
export const IDLE_TIMEOUT_MS = 30 * 60_000;

/** Callback data of every button a flow draws starts with this. */
export const FLOW = "f:";
const BACK = `${FLOW}back`;
const CANCEL = `${FLOW}cancel`;

/** What the user answered: a button of the current prompt, or a line of text. */
export type Answer = { kind: "button"; data: string } | { kind: "text"; text: string };

/** The user left the flow: Cancel, a timeout, or another command. */
export class FlowEnded extends Error {
  override name = "FlowEnded";
}

/** An API call made from a flow, as plain data (flows are replayed; results must be JSON). */
export type Attempt<T> =
  | { ok: true; value: T }
  | { ok: false; code: string; message: string; fields?: { field: string; message: string }[] };

/**
 * One multi-step conversation with a user, drawn as one prompt message at a time: a button press
 * edits that message in place, typed text gets a fresh one (and the old one loses its buttons).
 * Every prompt can have Back and Cancel; another command ends the flow and is then handled as
 * usual; a wait longer than `IDLE_TIMEOUT_MS` ends it politely.
 */
export class Dialog {
  readonly t: Translate;
  readonly locale: Locale;
  readonly chatId: number;
  private messageId: number | undefined;
  private readonly conversation: Convo;
  /** What Cancel says: nothing saved, unless the flow saved as it went (`cancelKeepsSaved`). */
  private cancelled = (t: Translate) => t("bot.flow.cancelled");
  /** The context of the latest update (for replies). */
  ctx: Context;

  private constructor(conversation: Convo, ctx: Context, locale: Locale) {
    this.conversation = conversation;
    this.ctx = ctx;
    this.locale = locale;
    this.t = translator(locale);
    this.chatId = ctx.chatId ?? 0;
  }

  static async open(conversation: Convo, ctx: Context): Promise<Dialog> {
    const locale = await conversation.external((outer) => outer.locale);
    return new Dialog(conversation, ctx, locale);
  }

  /** The same dialog in another language (after the user picked one). */
  relocalize(locale: Locale): Dialog {
    const next = new Dialog(this.conversation, this.ctx, locale);
    next.messageId = this.messageId;
    next.cancelled = this.cancelled;
    return next;
  }

  /** Calls the Slotpilot API as the user; a refusal comes back as data with its localized message. */
  async call<T>(send: (outer: BotContext) => Promise<T>): Promise<Attempt<T>> {
    return this.conversation.external(async (outer): Promise<Attempt<T>> => {
      try {
        return { ok: true, value: await send(outer) };
      } catch (err) {
        if (err instanceof ApiCallError && isRefusal(err) && err.message) {
          return { ok: false, code: err.code, message: err.message, ...(err.fields ? { fields: err.fields } : {}) };
        }
        return { ok: false, code: "unavailable", message: outer.t("bot.error") };
      }
    });
  }

  /** The Mini App's base URL, as the bot knows it. */
  async miniApp(): Promise<{ url: string; live: boolean }> {
    return this.conversation.external((outer) => outer.miniApp);
  }

  /** Shows a prompt: edits the current prompt after a button press, else sends a new one. */
  async show(text: string, keyboard?: InlineKeyboard): Promise<void> {
    const markup = keyboard ? { reply_markup: keyboard } : {};
    const pressed = this.ctx.callbackQuery?.message?.message_id;
    if (pressed !== undefined && pressed === this.messageId) {
      await this.ctx.api.editMessageText(this.chatId, pressed, text, markup).catch(() => undefined);
      return;
    }
    await this.retire();
    const sent = await this.ctx.api.sendMessage(this.chatId, text, markup);
    this.messageId = sent.message_id;
  }

  /** A message that is not a prompt (a result, a goodbye); the last prompt loses its buttons. */
  async say(text: string, keyboard?: InlineKeyboard): Promise<void> {
    await this.retire();
    const sent = await this.ctx.api.sendMessage(this.chatId, text, keyboard ? { reply_markup: keyboard } : {});
    this.messageId = sent.message_id;
  }

  /** The current prompt keeps its text and loses its buttons (they would do nothing any more). */
  private async retire(): Promise<void> {
    if (this.messageId === undefined) return;
    const id = this.messageId;
    this.messageId = undefined;
    await this.ctx.api.editMessageReplyMarkup(this.chatId, id).catch(() => undefined);
  }

  /**
   * Shows `text` with `keyboard` (plus Back when `back`, and Cancel) and waits for an answer: a
   * button of this prompt or a line of text. Returns "back" for Back. Cancel, another command or a
   * long silence end the flow (FlowEnded); a button of an older message is answered and ignored.
   */
  async ask(text: string, keyboard: InlineKeyboard = new InlineKeyboard(), options: { back?: boolean } = {}) {
    const full = withControls(keyboard, this.t, options.back ?? true);
    await this.show(text, full);
    return this.answer(options.back ?? true);
  }

  /**
   * `ask` for a step answered only with its buttons: typed text is told to use them ("⚠️ Please
   * choose one of the buttons.") and the question comes again.
   */
  async choose(
    text: string,
    keyboard: InlineKeyboard,
    options: { back?: boolean } = {},
  ): Promise<{ kind: "button"; data: string } | "back"> {
    for (;;) {
      const answer = await this.ask(text, keyboard, options);
      if (answer === "back" || answer.kind === "button") return answer;
      await this.explain(this.t("bot.flow.useButtons"));
    }
  }

  /** Waits for the answer to the prompt on screen. */
  async answer(backAllowed = true): Promise<Answer | "back"> {
    for (;;) {
      const before = await this.conversation.now();
      const next = await this.conversation.wait();
      const after = await this.conversation.now();
      this.ctx = next;
      if (after - before >= IDLE_TIMEOUT_MS) {
        await this.retire();
        await next.reply(this.t("bot.flow.timedOut"));
        // The update that woke the flow is handled as if no flow had been waiting.
        await this.conversation.halt({ next: true });
      }
      const data = next.callbackQuery?.data;
      if (data !== undefined) {
        if (next.callbackQuery?.message?.message_id !== this.messageId || !data.startsWith(FLOW)) {
          // A button of an older message: nothing to do with this step.
          if (data.startsWith(FLOW)) {
            await next.answerCallbackQuery({ text: this.t("bot.flow.outdated") }).catch(() => undefined);
            continue;
          }
          await this.leave({ next: true });
        }
        await next.answerCallbackQuery().catch(() => undefined);
        if (data === CANCEL) await this.cancel();
        if (data === BACK && backAllowed) return "back";
        return { kind: "button", data: data.slice(FLOW.length) };
      }
      const text = next.message?.text?.trim();
      if (text === undefined) {
        await next.reply(this.t("bot.flow.textOrButton"));
        continue;
      }
      if (text === "/cancel" || text.toLowerCase() === this.t("bot.flow.cancelWord").toLowerCase()) await this.cancel();
      // Another command: this flow steps aside and the command is handled as usual.
      if (text.startsWith("/")) await this.leave({ next: true });
      return { kind: "text", text };
    }
  }

  /** The flow has saved something already: Cancel must not say that nothing was saved. */
  cancelKeepsSaved(): void {
    this.cancelled = (t) => t("bot.flow.cancelledKeepsSaved");
  }

  /** Cancel: says so and ends the flow. */
  async cancel(): Promise<never> {
    await this.retire();
    await this.ctx.api.sendMessage(this.chatId, this.cancelled(this.t));
    throw new FlowEnded();
  }

  /** Ends the flow quietly; with `next` the current update goes on to the bot's other handlers. */
  async leave(options: { next: boolean }): Promise<never> {
    await this.retire();
    return this.conversation.halt(options);
  }

  /** Tells the user what was wrong with an answer (the step then asks again). */
  async explain(message: string): Promise<void> {
    await this.retire();
    const sent = await this.ctx.api.sendMessage(this.chatId, `⚠️ ${message}`);
    // The warning stays; the question comes again below it.
    void sent;
  }
}

/** A keyboard with the flow's controls below it: Back (unless the first step) and Cancel. */
export function withControls(keyboard: InlineKeyboard, t: Translate, back: boolean): InlineKeyboard {
  const full = InlineKeyboard.from(keyboard.inline_keyboard);
  full.row();
  if (back) full.text(t("bot.flow.back"), BACK);
  full.text(t("bot.flow.cancel"), CANCEL);
  return full;
}

/** A button of a flow's prompt. */
export const flowButton = (data: string) => `${FLOW}${data}`;

/** Runs a flow: Cancel and leaving end it without an error. */
export async function runFlow(flow: () => Promise<void>): Promise<void> {
  try {
    await flow();
  } catch (err) {
    if (err instanceof FlowEnded) return;
    throw err;
  }
}
