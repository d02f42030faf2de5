import type { z } from "zod";

/** A bad or missing environment variable. Start-up stops with this message. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

/**
 * Parses `env` with `schema`. Every problem is reported at once, each line naming the variable and
 * what it expects, so an operator can fix the whole environment in one go.
 */
export function parseEnv<S extends z.ZodType>(schema: S, env: Record<string, string | undefined>): z.output<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const name = issue.path.join(".") || "(environment)";
    const got = env[name];
    const shown = got === undefined ? "it is not set" : "got a value that does not fit";
    return `  ${name}: ${issue.message} (${shown})`;
  });
  return raise(`Invalid environment:\n${lines.join("\n")}\nSee .env.example for every variable.`);
}

function raise(message: string): never {
  throw new ConfigError(message);
}
