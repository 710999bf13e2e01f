import { readFileSync } from "node:fs";
import { z } from "zod";

/** Thrown when the environment cannot start the server; its message names the variable. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

const booleanString = z
  .enum(["true", "false", "1", "0", "yes", "no"], { error: "true or false" })
  .transform((v) => v === "true" || v === "1" || v === "yes");

const postgresUrl = z.string().refine((v) => /^postgres(ql)?:\/\//.test(v) && URL.canParse(v), {
  error: "a postgres:// or postgresql:// URL, e.g. postgres://user@127.0.0.1:5432/flame",
});

const httpUrl = z
  .string()
  .refine((v) => /^https?:\/\//.test(v) && URL.canParse(v), { error: "an http(s) URL" });

const requestsPerMinute = z.coerce
  .number({ error: "a whole number of requests a minute, 1 or more" })
  .int({ error: "a whole number of requests a minute, 1 or more" })
  .min(1, { error: "a whole number of requests a minute, 1 or more" });

const envSchema = z.object({
  PORT: z.coerce
    .number({ error: "a port number from 0 to 65535" })
    .int({ error: "a port number from 0 to 65535" })
    .min(0, { error: "a port number from 0 to 65535" })
    .max(65535, { error: "a port number from 0 to 65535" })
    .default(3000),
  HOST: z.string().min(1, { error: "a host name or address to listen on" }).default("0.0.0.0"),
  DATABASE_URL: postgresUrl.optional(),
  FLAME_DATA_DIR: z.string().min(1, { error: "a folder path" }).default("./data"),
  FLAME_ENCRYPTION_KEY: z
    .string()
    .regex(/^[A-Za-z0-9+/]{43}=$|^[0-9a-fA-F]{64}$/, {
      error: "32 random bytes as base64 (44 chars) or hex (64 chars): openssl rand -base64 32",
    })
    .optional(),
  FLAME_AUTO_MIGRATE: booleanString.default(true),
  FLAME_ROLE: z.enum(["all", "web", "worker"], { error: "one of all, web, worker" }).default("all"),
  PUBLIC_URL: httpUrl.optional(),
  SMTP_URL: z
    .string()
    .refine((v) => /^smtps?:\/\//.test(v) && URL.canParse(v), { error: "an smtp:// or smtps:// URL" })
    .optional(),
  MAIL_FROM: z.string().min(3, { error: "a sender address" }).default("Flame CRM <noreply@localhost>"),
  FLAME_ADMIN_EMAIL: z.email({ error: "an e-mail address" }).optional(),
  // Provider APIs: the real ones by default; tests and demos point them at the fakes in test/fakes/.
  FLAME_TELEGRAM_API_URL: httpUrl.default("https://api.telegram.org"),
  FLAME_WHATSAPP_API_URL: httpUrl.default("https://graph.facebook.com"),
  FLAME_AVITO_API_URL: httpUrl.default("https://api.avito.ru"),
  FLAME_MOYSKLAD_API_URL: httpUrl.default("https://api.moysklad.ru/api/remap/1.2"),
  FLAME_YANDEX_DIRECT_API_URL: httpUrl.default("https://api.direct.yandex.com"),
  /** The largest piece of a file 1C sends in one request (`file_limit`); bigger files come in chunks. */
  FLAME_ONE_C_FILE_LIMIT: z.coerce
    .number()
    .int()
    .min(1024)
    .max(100 * 1024 * 1024)
    .default(8 * 1024 * 1024),
  // Outgoing webhooks may target private, loopback and link-local addresses only when this is set
  // (tests, a LAN install); otherwise a webhook could be used to probe the internal network.
  FLAME_ALLOW_PRIVATE_WEBHOOKS: booleanString.default(false),
  // Requests a minute on /api (docs/operations.md): per API key, and per client address for the rest.
  FLAME_RATE_LIMIT_PER_KEY: requestsPerMinute.default(600),
  FLAME_RATE_LIMIT_PER_IP: requestsPerMinute.default(300),
  LOG_LEVEL: z
    .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], {
      error: "one of fatal, error, warn, info, debug, trace, silent",
    })
    .default("info"),
});

export type Config = ReturnType<typeof loadConfig>;

const packageJson = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
  version: string;
};

/** The application version, from package.json. */
export const VERSION = packageJson.version;

/**
 * Reads and validates the environment. The only place in the code that reads `process.env`.
 * Empty strings count as unset, so `DATABASE_URL=` in a .env file means "embedded".
 */
export function loadConfig(env: Record<string, string | undefined> = process.env) {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0]);
      return `${name}=${JSON.stringify(present[name])} is invalid: expected ${issue.message}`;
    });
    throw new ConfigError(lines.join("; "));
  }
  const e = parsed.data;
  if (e.DATABASE_URL && !e.FLAME_ENCRYPTION_KEY) {
    throw new ConfigError(
      "FLAME_ENCRYPTION_KEY is required with DATABASE_URL: 32 random bytes as base64 " +
        "(openssl rand -base64 32), the same on every node; it encrypts provider credentials at rest",
    );
  }
  const port = e.PORT;
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/+$/, "");
  return {
    port,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.FLAME_DATA_DIR,
    encryptionKey: e.FLAME_ENCRYPTION_KEY,
    autoMigrate: e.FLAME_AUTO_MIGRATE,
    role: e.FLAME_ROLE,
    runsHttp: e.FLAME_ROLE !== "worker",
    runsJobs: e.FLAME_ROLE !== "web",
    publicUrl,
    secureCookies: publicUrl.startsWith("https://"),
    logLevel: e.LOG_LEVEL,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    adminEmail: e.FLAME_ADMIN_EMAIL?.toLowerCase(),
    allowPrivateWebhooks: e.FLAME_ALLOW_PRIVATE_WEBHOOKS,
    rateLimits: { perKey: e.FLAME_RATE_LIMIT_PER_KEY, perIp: e.FLAME_RATE_LIMIT_PER_IP },
    oneCFileLimit: e.FLAME_ONE_C_FILE_LIMIT,
    providers: {
      telegram: e.FLAME_TELEGRAM_API_URL.replace(/\/+$/, ""),
      whatsapp: e.FLAME_WHATSAPP_API_URL.replace(/\/+$/, ""),
      avito: e.FLAME_AVITO_API_URL.replace(/\/+$/, ""),
      moysklad: e.FLAME_MOYSKLAD_API_URL.replace(/\/+$/, ""),
      yandexDirect: e.FLAME_YANDEX_DIRECT_API_URL.replace(/\/+$/, ""),
    },
  };
}
