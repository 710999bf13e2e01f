// A provider's answer to a settings call, in the API's terms: a refusal that retrying cannot fix is the
// caller's to correct (422, with the provider's reason); anything else means the provider is down (503).
import { AppError } from "../../../platform/errors.ts";
import { ProviderError } from "../../../platform/http-client.ts";

const NAMES: Record<string, string> = { telegram: "Telegram", whatsapp: "WhatsApp", avito: "Avito" };

/** The AppError for a ProviderError; any other error is returned unchanged. */
export function providerFailure(err: unknown, what: string): unknown {
  if (!(err instanceof ProviderError)) return err;
  const provider = NAMES[err.provider] ?? err.provider;
  const details = {
    provider: err.provider,
    providerStatus: err.status,
    providerCode: err.details.code ?? null,
    reason: err.message,
  };
  if (err.permanent) {
    return new AppError("validation_failed", `${provider} refused ${what}: ${err.message}`, details);
  }
  const retryAfterS = err.retryAfterMs === undefined ? undefined : Math.ceil(err.retryAfterMs / 1000);
  return new AppError(
    "unavailable",
    `${provider} cannot be reached right now (${err.message}); try again later`,
    { ...details, retryAfterS: retryAfterS ?? null },
    retryAfterS === undefined ? {} : { "retry-after": String(retryAfterS) },
  );
}

/** Runs a provider call, turning its failure into the API's answer. */
export async function withProvider<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw providerFailure(err, what);
  }
}

/** What may be logged about a failure: never the error object (its cause could carry a URL with a token). */
export function describeFailure(err: unknown) {
  if (err instanceof ProviderError) {
    return { provider: err.provider, status: err.status, code: err.details.code, message: err.message };
  }
  return { message: err instanceof Error ? err.message : String(err) };
}
