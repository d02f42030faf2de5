export { createLogger, type LogFields, type Logger, type LogLevel, redact, silentLogger } from "./logger.ts";
export { Metrics, registerProcessMetrics } from "./metrics.ts";
export { quietRepeats } from "./quiet-repeats.ts";
