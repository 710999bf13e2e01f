// How a provider's webhook proves which channel it is for. The URL names the integration; its secret
// (Telegram's header, Avito's URL secret, WhatsApp's signature key) proves the caller. Only then is
// the workspace known: this is the one place it comes from an integration secret.
import { and, eq, ne } from "drizzle-orm";
import type { FastifyBaseLogger, FastifyRequest } from "fastify";
import type { Executor } from "../../../db/client.ts";
import { messagingIntegrations } from "../../../db/schema/index.ts";
import type { SecretBox } from "../../../platform/crypto.ts";
import { AppError } from "../../../platform/errors.ts";
import { type IntegrationRow, openWebhookSecret, type Platform } from "../channels.ts";

/** Body limit of the provider webhooks (a provider sends references to media, never the files). */
export const HOOK_BODY_LIMIT_BYTES = 10 * 1024 * 1024;

/**
 * The same answer for an unknown, disconnected or foreign integration id and for a wrong secret, so
 * that ids cannot be probed.
 */
export const hookRefused = () =>
  new AppError("unauthenticated", "Unknown channel, or the request does not carry its secret");

/**
 * Unsafe: not scoped to a workspace, because the caller has no session; it must prove itself with the
 * returned integration's secret before anything else happens. Connected integrations only. Ids are
 * random, but should two workspaces ever hold the same one, neither is answered.
 */
export async function unsafeFindHookIntegration(
  db: Executor,
  platform: Platform,
  id: string,
): Promise<IntegrationRow | null> {
  if (id.length === 0 || id.length > 64) return null;
  const rows = await db
    .select()
    .from(messagingIntegrations)
    .where(
      and(
        eq(messagingIntegrations.id, id),
        eq(messagingIntegrations.platform, platform),
        ne(messagingIntegrations.status, "disconnected"),
      ),
    )
    .limit(2);
  return rows.length === 1 ? (rows[0] ?? null) : null;
}

/** The integration's webhook secret, or null (logged) when this server cannot open it: a key problem. */
export function webhookSecretOf(secrets: SecretBox, row: IntegrationRow, log: FastifyBaseLogger) {
  try {
    return openWebhookSecret(secrets, row);
  } catch (err) {
    log.error(
      { err, integrationId: row.id },
      "cannot open the webhook secret of a channel; refusing its webhooks",
    );
    return null;
  }
}

/**
 * A webhook route's proof, checked in `onRequest` (before the body is read, so an unproven caller
 * cannot make us parse 10 MB): the route's integration must exist and `matches(request, secret)` hold.
 * The handler reads the proven integration with `integrationOf`.
 */
export function secretGuard(
  db: Executor,
  secrets: SecretBox,
  platform: Platform,
  matches: (request: FastifyRequest, secret: string) => boolean,
) {
  const proven = new WeakMap<FastifyRequest, IntegrationRow>();
  return {
    onRequest: async (request: FastifyRequest) => {
      const { integrationId = "" } = request.params as { integrationId?: string };
      const integration = await unsafeFindHookIntegration(db, platform, integrationId);
      const secret = integration && webhookSecretOf(secrets, integration, request.log);
      if (!integration || !secret || !matches(request, secret)) throw hookRefused();
      proven.set(request, integration);
    },
    integrationOf(request: FastifyRequest): IntegrationRow {
      const integration = proven.get(request);
      if (!integration) throw hookRefused();
      return integration;
    },
  };
}
