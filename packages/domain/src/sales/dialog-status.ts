/**
 * A sales dialog's life: new → contacted (opener sent) → replied (the prospect answered) →
 * qualified (a lead worth a human) → handed_over (a human answers, not the AI) → closed. Closed is
 * final; a dialog an admin hands back returns to the AI where it left off.
 */
export const DIALOG_STATUSES = ["new", "contacted", "replied", "qualified", "handed_over", "closed"] as const;
export type DialogStatus = (typeof DIALOG_STATUSES)[number];

export type DialogEvent =
  /** The opening message went out. */
  | "opener_sent"
  /** A message from the prospect arrived. */
  | "incoming"
  /** The AI judged the prospect a qualified lead. */
  | "qualified"
  /** A human takes over: an admin's /takeover, or the AI giving up (LLM failure). */
  | "hand_over"
  /** The admin gives the dialog back to the AI. */
  | "hand_back"
  /** Stopped by an admin, opted out, or the target cannot be reached. */
  | "close";

/** The status after `event`, or null when the event makes no sense in `status` (nothing changes). */
export function nextDialogStatus(
  status: DialogStatus,
  event: DialogEvent,
  context: { hasIncoming: boolean; wasQualified: boolean } = { hasIncoming: false, wasQualified: false },
): DialogStatus | null {
  if (status === "closed") return null;
  switch (event) {
    case "opener_sent":
      return status === "new" ? "contacted" : null;
    case "incoming":
      // A prospect writing back moves a fresh dialog on; later stages keep their meaning.
      return status === "contacted" || status === "new" ? "replied" : status;
    case "qualified":
      return status === "contacted" || status === "replied" ? "qualified" : null;
    case "hand_over":
      return status === "handed_over" ? null : "handed_over";
    case "hand_back":
      if (status !== "handed_over") return null;
      if (context.wasQualified) return "qualified";
      return context.hasIncoming ? "replied" : "contacted";
    case "close":
      return "closed";
  }
}

/** The AI writes only in these statuses (and only while no admin holds the dialog). */
export function aiMayAnswer(status: DialogStatus, takenOver: boolean): boolean {
  return !takenOver && (status === "contacted" || status === "replied" || status === "qualified");
}

/** Dialogs `/list` shows: everything not closed. */
export function isActiveDialog(status: DialogStatus): boolean {
  return status !== "closed";
}
