export { recordAudit } from "./audit.ts";
export * from "./billing/index.ts";
export * from "./bookings/index.ts";
export { type ConversationStore, conversationKey, conversationStore } from "./bot-conversations.ts";
export { cabinetToken, openCabinetToken, sealCabinetToken, tokenFingerprint } from "./cabinet-token.ts";
export {
  clientOptions,
  connect,
  type Db,
  type DbTimeouts,
  DEFAULT_TIMEOUTS,
  isDatabaseUnavailable,
} from "./connect.ts";
export type { ServerEvent } from "./embedded/supervise.ts";
export { type EmbeddedDatabase, startEmbeddedPostgres } from "./embedded.ts";
export { packEvents } from "./event-wire.ts";
export { type AppEvent, EVENTS_CHANNEL, listenEvents, publishEvent, publishEvents } from "./events.ts";
export { liveMessageId, rememberLiveMessage } from "./live-messages.ts";
export { migrateToLatest } from "./migrate.ts";
export {
  listMonitorCabinets,
  listTasksForMatching,
  type MonitorCabinet,
  type TaskForMatching,
} from "./monitor-inputs.ts";
export {
  MONITOR_HEARTBEAT_MS,
  MONITOR_STALE_MS,
  type MonitorCheck,
  type MonitorStatus,
  monitorCheck,
  monitorDegrades,
  readMonitorStatus,
  writeMonitorStatus,
} from "./monitor-status.ts";
export {
  type ClaimedNotification,
  type DeliveryOutcome,
  deliverNotification,
  pendingNotifications,
} from "./notification-outbox.ts";
export { enqueueSlotAlert, enqueueSlotAlerts, type SlotAlert } from "./notifications.ts";
export { type OpenDatabase, openDatabase } from "./open-database.ts";
export { enqueueMessages, type OutboxMessage } from "./outbox.ts";
export {
  awaitPortalCall,
  claimPortalCalls,
  createPortalCall,
  finishPortalCall,
  type PortalCallOutcome,
  prunePortalCalls,
} from "./portal-calls.ts";
export {
  acquirePortalLeases,
  beatPortalWorker,
  forgetPortalWorker,
  type PortalLease,
  type PortalWorkerBeat,
  portalHolding,
  releasePortalLease,
  renewPortalLeases,
} from "./portal-leases.ts";
export {
  enqueuePortalNotice,
  PORTAL_NOTICE_KINDS,
  type PortalNotice,
  type PortalNoticeKind,
} from "./portal-notifications.ts";
export {
  openPortalInput,
  openPortalPhone,
  openPortalStorage,
  type PortalRowRef,
  phoneHint,
  sealPortalInput,
  sealPortalPhone,
  sealPortalStorage,
} from "./portal-secrets.ts";
export { pauseTasksForLostSession, resumeTasksAfterLogin, SESSION_LOST_REASON } from "./portal-session-tasks.ts";
export {
  listMonitorPortalSessions,
  loadPortalSessions,
  type PortalSessionPatch,
  type PortalSessionWithCabinet,
  readPortalSession,
  startPortalLogin,
  stopPortalSession,
  submitPortalInput,
  writePortalSession,
} from "./portal-sessions.ts";
export { listenPortalSignals, PORTAL_CHANNEL, signalPortal } from "./portal-signals.ts";
export * from "./sales/index.ts";
export type * from "./schema.ts";
export { seal, unseal } from "./secret-box.ts";
export { type SingletonLock, singletonLock } from "./singleton-lock.ts";
export { listSlotCells, type SlotCalendarCell, type SlotCalendarQuery } from "./slot-calendar.ts";
export { pruneSlotDecisions } from "./slot-decisions.ts";
export {
  loadSlotCells,
  loadWarehouses,
  pruneSlotHistory,
  type SlotCellRow,
  type SlotChangeRow,
  type SlotRead,
  saveSlotRead,
  type WarehouseRow,
} from "./slot-reads.ts";
export { type FreeSlotStats, freeSlotStats } from "./slot-stats.ts";
export { type DecisionToStore, type StoredDecisionRow, storeDecisions } from "./store-decisions.ts";
export { deliverKeptSupport, keepSupportMessage, type SupportMessage } from "./support-messages.ts";
export { recordTaskEvent, type TaskEventKind, type TimelineEntry, taskTimeline } from "./task-events.ts";
export { taskSnapshot } from "./task-snapshot.ts";
export {
  enqueueTaskStateStatus,
  enqueueTaskStatus,
  type TaskPhase,
  type TaskStateChange,
  type TaskStatusUpdate,
} from "./task-status.ts";
export { taskSupply } from "./task-supply.ts";
export { countUpdateFailure, isUpdateSettled, settleUpdate } from "./telegram-updates.ts";
export * from "./users.ts";
