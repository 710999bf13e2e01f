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

/** Query parameters that carry a secret in some provider's URL (Avito's `k`, Meta's verify token). */
const SECRET_PARAM = /^(k|hub\.verify_token)$/i;

/** The URL with the values of secret-looking query parameters replaced. */
export function redactUrl(url: string): string {
  const q = url.indexOf("?");
  if (q < 0) return url;
  const params = new URLSearchParams(url.slice(q + 1));
  let changed = false;
  for (const key of new Set(params.keys())) {
    if (SECRET_KEY.test(key) || SECRET_PARAM.test(key)) {
      params.set(key, CENSOR);
      changed = true;
    }
  }
  return changed ? `${url.slice(0, q)}?${params}` : url;
}

interface LoggedRequest {
  method: string;
  url: string;
  host?: string;
  ip?: string;
  socket?: { remotePort?: number };
}

export function createLogger(level: string, destination?: pino.DestinationStream) {
  return pino(
    {
      level,
      // Fastify's request serializer, with secrets in query strings (webhook URLs) redacted.
      serializers: {
        req: (req: LoggedRequest) =>
          typeof req?.url !== "string"
            ? req
            : {
                method: req.method,
                url: redactUrl(req.url),
                host: req.host,
                remoteAddress: req.ip,
                remotePort: req.socket?.remotePort,
              },
      },
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
