import { resolve } from "node:path";
import { type BillingConfig, billingConfig } from "./billing.ts";
import { parseEnv } from "./parse-env.ts";
import { type SalesConfig, salesConfig } from "./sales.ts";
import { type ApiEnv, apiEnvSchema, sandboxEnvSchema, type WorkersEnv, workersEnvSchema } from "./schemas.ts";
import { resolveSecrets, type Secrets } from "./secrets.ts";

export { type BillingConfig, billingConfig } from "./billing.ts";
export { ConfigError, parseEnv } from "./parse-env.ts";
export { type SalesConfig, type SalesTelegram, salesConfig } from "./sales.ts";
export * from "./schemas.ts";
export { type Mode, resolveSecrets, type Secrets } from "./secrets.ts";

type Env = Record<string, string | undefined>;

export interface DatabaseConfig {
  /** Set: any PostgreSQL. Unset: embedded PostgreSQL under `dataDir/pg`. */
  url: string | undefined;
  dataDir: string;
  embeddedPort: number;
}

export type ApiConfig = Secrets & {
  env: ApiEnv;
  db: DatabaseConfig;
  /** The interface the API listens on (`HOST`, else loopback in demo mode and every interface live). */
  host: string;
  publicUrl: string;
  adminTelegramIds: readonly number[];
  webhook: { url: string; secret: string } | undefined;
  sales: SalesConfig;
  billing: BillingConfig;
};

export type WorkersConfig = Secrets & {
  env: WorkersEnv;
  db: DatabaseConfig;
  sales: SalesConfig;
  /** Where the Mini App is: the same variable and default as the API's. */
  publicUrl: string;
  adminTelegramIds: readonly number[];
  billing: BillingConfig;
};

/** `PUBLIC_URL`, else where the API listens by default: one rule for the API and the workers. */
const publicUrlOf = (env: { PUBLIC_URL?: string | undefined; PORT: number }) =>
  env.PUBLIC_URL ?? `http://localhost:${env.PORT}`;

function databaseConfig(env: { DATABASE_URL?: string | undefined; DATA_DIR: string; EMBEDDED_PG_PORT: number }) {
  return { url: env.DATABASE_URL, dataDir: resolve(env.DATA_DIR), embeddedPort: env.EMBEDDED_PG_PORT };
}

/** The API's and the bot's configuration (they share one environment: the bot lives beside the API). */
export function loadApiConfig(raw: Env): ApiConfig {
  const env = parseEnv(apiEnvSchema, raw);
  const secrets = resolveSecrets(env);
  const webhookUrl = env.TELEGRAM_WEBHOOK_URL;
  return {
    ...secrets,
    env,
    db: databaseConfig(env),
    host: env.HOST ?? (secrets.mode === "demo" ? "127.0.0.1" : "0.0.0.0"),
    publicUrl: publicUrlOf(env),
    adminTelegramIds: env.ADMIN_TELEGRAM_IDS,
    sales: salesConfig(env, secrets.mode),
    billing: billingConfig(env),
    webhook:
      webhookUrl && env.TELEGRAM_WEBHOOK_SECRET ? { url: webhookUrl, secret: env.TELEGRAM_WEBHOOK_SECRET } : undefined,
  };
}

export function loadWorkersConfig(raw: Env): WorkersConfig {
  const env = parseEnv(workersEnvSchema, raw);
  const secrets = resolveSecrets(env);
  return {
    ...secrets,
    env,
    db: databaseConfig(env),
    sales: salesConfig(env, secrets.mode),
    publicUrl: publicUrlOf(env),
    adminTelegramIds: env.ADMIN_TELEGRAM_IDS,
    billing: billingConfig(env),
  };
}

export function loadSandboxConfig(raw: Env) {
  return parseEnv(sandboxEnvSchema, raw);
}

/** True for an address only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127\./.test(host);
}
