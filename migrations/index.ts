import type { Migration } from "kysely/migration";
import * as foundation from "./0001_foundation.ts";
import * as slotsAndTasks from "./0002_slots_and_tasks.ts";
import * as monitorStatus from "./0003_monitor_status.ts";
import * as hardening from "./0004_hardening.ts";
import * as slotDecisions from "./0005_slot_decisions.ts";
import * as salesDialogs from "./0006_sales_dialogs.ts";
import * as portalSessions from "./0007_portal_sessions.ts";
import * as sellerExperience from "./0008_seller_experience.ts";
import * as booking from "./0009_booking.ts";
import * as billing from "./0010_billing.ts";
import * as urgentRingOnly from "./0011_urgent_ring_only.ts";
import * as bookingDrafts from "./0012_booking_drafts.ts";
import * as draftPreordersOutliveTask from "./0013_draft_preorders_outlive_task.ts";
import * as taskRevision from "./0014_task_revision.ts";
import * as monitorTriedSource from "./0015_monitor_tried_source.ts";
import * as starsRenewalCancels from "./0016_stars_renewal_cancels.ts";
import * as leanBookings from "./0017_lean_bookings.ts";
import * as supportMessages from "./0018_support_messages.ts";
import * as paddleSubscriptionCancels from "./0019_paddle_subscription_cancels.ts";

/**
 * Every migration, in order. Forward only: a migration that has shipped is never edited; a change
 * is a new numbered file added here.
 */
export const migrations: Record<string, Migration> = {
  "0001_foundation": foundation,
  "0002_slots_and_tasks": slotsAndTasks,
  "0003_monitor_status": monitorStatus,
  "0004_hardening": hardening,
  "0005_slot_decisions": slotDecisions,
  "0006_sales_dialogs": salesDialogs,
  "0007_portal_sessions": portalSessions,
  "0008_seller_experience": sellerExperience,
  "0009_booking": booking,
  "0010_billing": billing,
  "0011_urgent_ring_only": urgentRingOnly,
  "0012_booking_drafts": bookingDrafts,
  "0013_draft_preorders_outlive_task": draftPreordersOutliveTask,
  "0014_task_revision": taskRevision,
  "0015_monitor_tried_source": monitorTriedSource,
  "0016_stars_renewal_cancels": starsRenewalCancels,
  "0017_lean_bookings": leanBookings,
  "0018_support_messages": supportMessages,
  "0019_paddle_subscription_cancels": paddleSubscriptionCancels,
};
