import type { StreamEvent } from "../live/event-stream.ts";

/** One line of Home's "latest events", built from a live event. */
export interface LiveNote {
  key: string;
  /** Colours the dot beside it. */
  tone: "alert" | "book" | "task" | "portal";
  textKey: string;
  params: Record<string, string | number>;
  time: string;
}

let counter = 0;
const clock = () => new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" }).format(new Date());

/** What a live event says to the seller, or nothing for events Home does not list. */
export function liveNote(event: StreamEvent): LiveNote | undefined {
  const d = (event.data ?? {}) as Record<string, unknown>;
  const key = `${++counter}`;
  if (event.type === "task.decision" && typeof d.taskId === "number") {
    return {
      key,
      tone: d.action === "book" ? "book" : "alert",
      textKey: d.action === "book" ? "miniapp.home.events.book" : "miniapp.home.events.alert",
      params: { id: d.taskId, date: String(d.date ?? ""), coefficient: Number(d.coefficient ?? 0) },
      time: clock(),
    };
  }
  if (event.type === "task.updated" && typeof d.taskId === "number") {
    const status = String(d.status);
    const known = ["active", "paused", "booked", "expired", "failed", "deleted"];
    return {
      key,
      tone: "task",
      textKey: `miniapp.home.events.task.${known.includes(status) ? status : "active"}`,
      params: { id: d.taskId },
      time: clock(),
    };
  }
  if (event.type === "portal.session" && typeof d.cabinetId === "number") {
    return {
      key,
      tone: "portal",
      textKey: "miniapp.home.events.portal",
      params: { state: String(d.state) },
      time: clock(),
    };
  }
  return undefined;
}
