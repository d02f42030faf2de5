export type LogLevel = "debug" | "info" | "warn" | "error";
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

// Field names whose values are secrets: they are never written, whatever the level.
const SECRET = /token|secret|password|passwd|authorization|init_?data|cookie|session|api_?key|encryption/i;

/** Replaces secret-looking fields with "[redacted]" and errors with their name, message and stack. */
export function redact(value: unknown, depth = 0): unknown {
  if (value instanceof Error) {
    return { name: value.name, message: value.message, stack: value.stack, cause: redact(value.cause, depth + 1) };
  }
  if (typeof value !== "object" || value === null || depth > 5) return value;
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, SECRET.test(k) ? "[redacted]" : redact(v, depth + 1)]),
  );
}

/** JSON lines to stdout (stderr for errors), one object per line, secrets redacted. */
export function createLogger(options: {
  level?: LogLevel;
  fields?: LogFields;
  write?: (line: string, level: LogLevel) => void;
}): Logger {
  const min = ORDER[options.level ?? "info"];
  const base = options.fields ?? {};
  const write =
    options.write ?? ((line, level) => (level === "error" ? process.stderr : process.stdout).write(`${line}\n`));
  const log = (level: LogLevel) => (msg: string, fields?: LogFields) => {
    if (ORDER[level] < min) return;
    const entry = { time: new Date().toISOString(), level, msg, ...(redact({ ...base, ...fields }) as LogFields) };
    write(JSON.stringify(entry), level);
  };
  return {
    debug: log("debug"),
    info: log("info"),
    warn: log("warn"),
    error: log("error"),
    child: (fields) => createLogger({ ...options, fields: { ...base, ...fields } }),
  };
}

/** A logger that drops everything; for tests that do not look at logs. */
export const silentLogger: Logger = createLogger({ write: () => {} });
