// Telegram's answer envelope and how its failures become ProviderErrors.
import { ProviderError, type ProviderResponse, retryAfterMs } from "../../../platform/http-client.ts";

export const TELEGRAM_PROVIDER = "telegram";

/** A failure of a Bot API call: Telegram's `description` is the message, its `error_code` the code. */
export class TelegramError extends ProviderError {
  override name = "TelegramError";
  /** Set when a group became a supergroup: resend to this chat id and re-key the conversation. */
  readonly migrateToChatId: number | undefined;

  constructor(message: string, details: ProviderError["details"], migrateToChatId?: number) {
    super(TELEGRAM_PROVIDER, message, details);
    this.migrateToChatId = migrateToChatId;
  }
}

/**
 * 409 Conflict: getUpdates was called while a webhook is set ("can't use getUpdates method while webhook
 * is active") or another poller took over ("terminated by other getUpdates request"). A poller that sees
 * it should stop polling rather than retry.
 */
export function isTelegramConflict(err: unknown): err is TelegramError {
  return err instanceof ProviderError && err.provider === TELEGRAM_PROVIDER && err.details.code === 409;
}

interface Envelope {
  ok: boolean;
  result?: unknown;
  error_code?: number;
  description?: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

/**
 * Whether trying again can help. 429 (flood control), 5xx and a webhook/poller conflict can pass; any
 * other 4xx cannot (401 bad token, 403 bot blocked or kicked, 400 chat not found / message too long…),
 * as the protocol says: do not retry other 4xx errors.
 */
function isPermanent(status: number): boolean {
  return status >= 400 && status < 500 && status !== 429 && status !== 409;
}

function parseEnvelope(text: string): Envelope | undefined {
  try {
    const body: unknown = JSON.parse(text);
    if (typeof body === "object" && body !== null && "ok" in body && typeof body.ok === "boolean") {
      return body as Envelope;
    }
  } catch {
    // Not JSON: a proxy's error page, or a truncated answer.
  }
  return undefined;
}

/** The `result` of a successful call; otherwise throws the ProviderError its answer describes. */
export function unwrapEnvelope(method: string, res: ProviderResponse): unknown {
  const envelope = parseEnvelope(res.text);
  if (envelope?.ok && res.status >= 200 && res.status < 300) return envelope.result;
  throw failureOf(method, res, envelope);
}

/** The error an unsuccessful answer describes (its envelope, else its HTTP status). */
export function failureOf(
  method: string,
  res: ProviderResponse,
  envelope = parseEnvelope(res.text),
): TelegramError {
  const headerRetry = retryAfterMs(res.headers.get("retry-after"));
  if (!envelope) {
    return new TelegramError(`telegram answered ${method} with HTTP ${res.status} and no Bot API envelope`, {
      status: res.status,
      permanent: isPermanent(res.status),
      retryAfterMs: headerRetry,
    });
  }
  // The HTTP status matches error_code; trust the status unless it claims success.
  const status = res.status >= 400 ? res.status : (envelope.error_code ?? res.status);
  const retryAfter = envelope.parameters?.retry_after;
  return new TelegramError(
    envelope.description ?? `telegram ${method} failed with error ${status}`,
    {
      status: res.status,
      code: envelope.error_code ?? status,
      permanent: isPermanent(status),
      retryAfterMs: typeof retryAfter === "number" ? retryAfter * 1000 : headerRetry,
    },
    envelope.parameters?.migrate_to_chat_id,
  );
}
