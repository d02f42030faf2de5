export * from "./assistant-reply.ts";
export * from "./dialog-status.ts";
export * from "./inputs.ts";
export * from "./opt-out.ts";
export * from "./pacing.ts";
export * from "./proxy.ts";
export * from "./urgent-call.ts";
