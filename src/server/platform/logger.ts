import { pino } from "pino";

/** A key that names a credential: its value never reaches a log line. */
const SECRET_KEY = /passw(or)?d|secret|token|api[-_]?key|authorization|cookie|credential|private[-_]?key/i;
const CENSOR = "[redacted]";

/** Copies plain objects and arrays, replacing the values of credential-like keys. Depth-bounded. */
export function redactSecrets(value: unknown, depth = 0): unknown {
  if (depth > 6 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((v) => redactSecrets(v, depth + 1));
  if (Object.getPrototypeOf(value) !== Object.prototype) return value; // errors, dates, buffers
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, SECRET_KEY.test(k) ? CENSOR : redactSecrets(v, depth + 1)]),
  );
}

export function createLogger(level: string, destination?: pino.DestinationStream) {
  return pino(
    {
      level,
      formatters: { log: (object) => redactSecrets(object) as Record<string, unknown> },
      // Serialized requests and responses are built after the formatter runs; their headers are covered here.
      redact: {
        paths: ["req.headers.authorization", "req.headers.cookie", 'res.headers["set-cookie"]'],
        censor: CENSOR,
      },
    },
    destination,
  );
}

export type Logger = ReturnType<typeof createLogger>;
