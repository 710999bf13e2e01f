import { pino } from "pino";

// Anything that looks like a credential is replaced before a log line is written.
const SECRET_KEYS = [
  "password",
  "token",
  "secret",
  "apiKey",
  "accessToken",
  "refreshToken",
  "authorization",
  "cookie",
];

export const redactPaths = [
  "req.headers.authorization",
  "req.headers.cookie",
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  ...SECRET_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]),
];

export function createLogger(level: string) {
  return pino({ level, redact: { paths: redactPaths, censor: "[redacted]" } });
}

export type Logger = ReturnType<typeof createLogger>;
