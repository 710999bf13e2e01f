// POST /api/hooks/telegram/:integrationId — Telegram's webhook (../shared/PROTOCOLS.md §1).
// The secret header is checked before the body is read; a message is acknowledged with 200 only once
// it is committed, so anything else (a crash, the database down) makes Telegram deliver it again, and
// the redelivery is stored once.
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { AppError } from "../../../platform/errors.ts";
import type { Platform } from "../../../platform/platform.ts";
import { secretTokenMatches, TELEGRAM_SECRET_HEADER } from "../telegram/secrets.ts";
import type { TelegramRawUpdate } from "../telegram/types.ts";
import { HOOK_BODY_LIMIT_BYTES, secretGuard } from "./hook-integration.ts";
import { handleTelegramUpdate } from "./telegram-update.ts";

const params = z.object({ integrationId: z.string().min(1).max(64) });

/** Something with an integer `update_id`: anything else did not come from Telegram's webhook. */
function isUpdateEnvelope(body: unknown): body is TelegramRawUpdate {
  return (
    typeof body === "object" && body !== null && Number.isInteger((body as { update_id?: unknown }).update_id)
  );
}

export const telegramHookRoutes =
  (platform: Platform): FastifyPluginAsyncZod =>
  async (app) => {
    const deps = { db: platform.database.db, outbox: platform.outbox };
    const guard = secretGuard(deps.db, platform.secrets, "telegram", (request, secret) =>
      secretTokenMatches(request.headers[TELEGRAM_SECRET_HEADER], secret),
    );

    app.post(
      "/api/hooks/telegram/:integrationId",
      {
        config: { public: true },
        bodyLimit: HOOK_BODY_LIMIT_BYTES,
        schema: {
          tags: ["hooks"],
          summary: "Telegram webhook: one Update, authenticated by X-Telegram-Bot-Api-Secret-Token",
          params,
          response: { 200: z.object({ ok: z.literal(true) }) },
        },
        onRequest: guard.onRequest,
      },
      async (request) => {
        const integration = guard.integrationOf(request);
        const body: unknown = request.body;
        if (!isUpdateEnvelope(body)) throw new AppError("bad_request", "The body is not a Telegram Update");
        const log = request.log.child({ integrationId: integration.id, updateId: body.update_id });
        await handleTelegramUpdate(deps, integration, body, log);
        return { ok: true as const };
      },
    );
  };
