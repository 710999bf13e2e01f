// POST /api/hooks/avito/:integrationId?k=<secret> — the URL an Avito account is subscribed with
// (../shared/PROTOCOLS.md §6). Avito signs nothing we can check, so the random secret in the URL proves
// the caller; it is checked before the body is read. Avito probes a new URL with `{}` and retries
// anything but 200, so the probe, our own echoes and events we do not read are acknowledged at once,
// and a message only once it is committed (idempotent on the Avito message id).
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Platform } from "../../../platform/platform.ts";
import { describeWebhook, WEBHOOK_SECRET_PARAM, webhookSecretMatches } from "../avito/webhook.ts";
import { avitoChatJob } from "./avito-chat.job.ts";
import { avitoInbound } from "./avito-message.ts";
import { HOOK_BODY_LIMIT_BYTES, secretGuard } from "./hook-integration.ts";
import { processInboundMessage } from "./process-message.ts";

const params = z.object({ integrationId: z.string().min(1).max(64) });

export const avitoHookRoutes =
  (platform: Platform): FastifyPluginAsyncZod =>
  async (app) => {
    const deps = { db: platform.database.db, outbox: platform.outbox };
    const describeChat = avitoChatJob(platform);
    const guard = secretGuard(deps.db, platform.secrets, "avito", (request, secret) => {
      const given = (request.query as Record<string, unknown>)[WEBHOOK_SECRET_PARAM];
      return webhookSecretMatches(typeof given === "string" ? given : null, secret);
    });

    app.post(
      "/api/hooks/avito/:integrationId",
      {
        config: { public: true },
        bodyLimit: HOOK_BODY_LIMIT_BYTES,
        schema: {
          tags: ["hooks"],
          summary: "Avito Messenger webhook (v3 envelope), authenticated by the secret in the URL",
          params,
          response: { 200: z.object({ ok: z.literal(true) }) },
        },
        onRequest: guard.onRequest,
      },
      async (request) => {
        const integration = guard.integrationOf(request);
        const log = request.log.child({ integrationId: integration.id });
        const event = describeWebhook(request.body);
        if (event === null) {
          log.debug("ignored an Avito event we do not read");
          return { ok: true as const };
        }
        if ("probe" in event) return { ok: true as const };
        if (event.isOwnEcho) {
          log.debug({ messageId: event.messageId }, "skipped our own Avito message");
          return { ok: true as const };
        }
        // The URL is this channel's, but Avito names the account in every event: trust both to agree.
        if (String(event.accountId) !== integration.account.accountId) {
          log.warn({ accountId: event.accountId }, "Avito event for another account skipped");
          return { ok: true as const };
        }
        const outcome = await deps.db.transaction(async (tx) => {
          const stored = await processInboundMessage({ ...deps, db: tx }, avitoInbound(integration, event));
          // The buyer's name and the listing's title come from Avito afterwards, in a job.
          if (stored.created.conversation) {
            const ids = { workspaceId: integration.workspaceId, conversationId: stored.conversationId };
            await platform.jobs.enqueue(tx, describeChat, ids);
          }
          return stored;
        });
        log.info(
          {
            status: outcome.status,
            eventId: event.eventId,
            conversationId: outcome.conversationId,
            messageId: outcome.messageId,
          },
          "Avito message processed",
        );
        return { ok: true as const };
      },
    );
  };
