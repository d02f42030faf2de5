/**
 * Sales dialogs: Telegram user accounts talking to prospective sellers, answered by an LLM within
 * hard limits. `startDialogEngine` is the production/demo wiring; `DialogEngine` is the engine
 * itself (tests drive it with `tick()`); `openAiLlm` the model client.
 */
export { type DialogEngineDeps, HUMAN_PACING, type Pacing } from "./context.ts";
export { DialogEngine } from "./engine.ts";
export { type LlmMessage, type LlmReply, LlmUnavailableError, openAiLlm, type SalesLlm } from "./llm.ts";
export { type DialogEngineWiring, type RunningDialogEngine, startDialogEngine } from "./start-dialog-engine.ts";
