// GET and POST /api/hooks/whatsapp/:integrationId — the callback URL of a WhatsApp number
// (../shared/PROTOCOLS.md §2). GET is Meta's verification handshake (the sealed verify token); POST is
// an event delivery, signed with the App Secret over the raw bytes, so this plugin reads JSON bodies as
// bytes. A delivery is acknowledged with 200 only once all of it is committed, in one transaction.
import type { FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { AppError } from "../../../platform/errors.ts";
import { fileAnswer } from "../../../platform/openapi.ts";
import type { Platform } from "../../../platform/platform.ts";
import { systemActor } from "../../../platform/policy.ts";
import { type IntegrationRow, openCredentials } from "../channels.ts";
import { describeWebhook } from "../whatsapp/describe.ts";
import { SIGNATURE_HEADER, verifyHandshake, verifySignature } from "../whatsapp/verify.ts";
import {
  HOOK_BODY_LIMIT_BYTES,
  hookRefused,
  unsafeFindHookIntegration,
  webhookSecretOf,
} from "./hook-integration.ts";
import { processInboundMessage } from "./process-message.ts";
import { whatsappInbound } from "./whatsapp-message.ts";
import { applyWhatsAppStatus } from "./whatsapp-status.ts";

const params = z.object({ integrationId: z.string().min(1).max(64) });
const PATH = "/api/hooks/whatsapp/:integrationId";

export const whatsappHookRoutes =
  (platform: Platform): FastifyPluginAsyncZod =>
  async (app) => {
    const deps = { db: platform.database.db, outbox: platform.outbox };
    const proven = new WeakMap<FastifyRequest, IntegrationRow>();

    // The signature covers the exact bytes Meta sent: parse nothing before it is checked. Encapsulated
    // in this plugin, so every other route keeps the app's JSON parser.
    app.removeContentTypeParser("application/json");
    app.addContentTypeParser("application/json", { parseAs: "buffer" }, (_request, body, done) =>
      done(null, body),
    );

    app.get(
      PATH,
      {
        config: { public: true },
        schema: {
          tags: ["hooks"],
          summary: "WhatsApp verification: echoes hub.challenge when hub.verify_token is the channel's",
          ...fileAnswer("text/plain", "The `hub.challenge` value, as text"),
          params,
        },
      },
      async (request, reply) => {
        const integration = await unsafeFindHookIntegration(
          deps.db,
          "whatsapp",
          request.params.integrationId,
        );
        const token = integration && webhookSecretOf(platform.secrets, integration, request.log);
        const query = request.query as Record<string, unknown>;
        const challenge = token ? verifyHandshake(query, token) : null;
        if (challenge === null) {
          // Meta wants a 403 for a refused handshake (PROTOCOLS.md §2); the body says no more than 401 would.
          return reply.code(403).type("text/plain; charset=utf-8").send("Forbidden");
        }
        return reply.type("text/plain; charset=utf-8").send(challenge);
      },
    );

    app.post(
      PATH,
      {
        config: { public: true },
        bodyLimit: HOOK_BODY_LIMIT_BYTES,
        schema: {
          tags: ["hooks"],
          summary: "WhatsApp webhook: messages and statuses, signed by X-Hub-Signature-256",
          params,
          response: { 200: z.object({ ok: z.literal(true) }) },
        },
        // Before the body is read: an unknown id cannot make us read 10 MB.
        onRequest: async (request) => {
          const { integrationId = "" } = request.params as { integrationId?: string };
          const integration = await unsafeFindHookIntegration(deps.db, "whatsapp", integrationId);
          if (!integration) throw hookRefused();
          proven.set(request, integration);
        },
      },
      async (request) => {
        const integration = proven.get(request);
        if (!integration) throw hookRefused();
        const log = request.log.child({ integrationId: integration.id });
        const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const credentials = appCredentials(integration, log);
        const header = request.headers[SIGNATURE_HEADER];
        if (
          !credentials ||
          !verifySignature(raw, typeof header === "string" ? header : undefined, credentials.appSecret)
        ) {
          throw hookRefused();
        }
        let payload: unknown;
        try {
          payload = JSON.parse(raw.toString("utf8"));
        } catch {
          throw new AppError("invalid_json", "The body is not valid JSON");
        }
        const actor = systemActor(integration.workspaceId);
        const tally = { stored: 0, duplicate: 0, statuses: 0, skipped: 0 };
        await deps.db.transaction(async (tx) => {
          for (const batch of describeWebhook(payload)) {
            // One Meta app calls one URL for all its numbers: only this channel's number is ours here.
            if (batch.phoneNumberId !== credentials.phoneNumberId) {
              log.warn({ phoneNumberId: batch.phoneNumberId }, "WhatsApp events for another number skipped");
              tally.skipped += batch.messages.length + batch.statuses.length;
              continue;
            }
            if (batch.unreadable.length > 0 || batch.errors.length > 0) {
              log.warn(
                { unreadable: batch.unreadable.length, errors: batch.errors },
                "WhatsApp delivery with items we cannot read",
              );
            }
            for (const message of batch.messages) {
              const input = whatsappInbound(integration, message);
              if (!input) {
                tally.skipped++;
                continue;
              }
              const outcome = await processInboundMessage({ db: tx, outbox: deps.outbox }, input);
              tally[outcome.status === "duplicate" ? "duplicate" : "stored"]++;
            }
            for (const status of batch.statuses) {
              if (await applyWhatsAppStatus({ db: tx, outbox: deps.outbox }, actor, integration.id, status))
                tally.statuses++;
            }
          }
        });
        log.info(tally, "WhatsApp delivery processed");
        return { ok: true as const };
      },
    );

    /** The channel's credentials, or null (logged) when this server cannot open them: a key problem. */
    function appCredentials(integration: IntegrationRow, log: FastifyRequest["log"]) {
      try {
        return openCredentials(platform.secrets, "whatsapp", integration);
      } catch (err) {
        log.error({ err }, "cannot open the credentials of a WhatsApp channel; refusing its webhooks");
        return null;
      }
    }
  };
