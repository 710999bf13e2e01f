// One Telegram Update, from the webhook or from long polling, into the CRM. Both deliveries share this,
// so a bot behaves the same whichever way its updates arrive.
import type { FastifyBaseLogger } from "fastify";
import type { Deps } from "../../../modules/records/records.ts";
import type { IntegrationRow } from "../channels.ts";
import { describeUpdate, updateKind } from "../telegram/describe-update.ts";
import { parseUpdate, type TelegramRawUpdate } from "../telegram/types.ts";
import { processInboundMessage } from "./process-message.ts";
import { telegramInbound } from "./telegram-message.ts";

export type UpdateLog = Pick<FastifyBaseLogger, "warn" | "debug" | "info">;

/**
 * Stores the message or edit the Update carries and resolves once it is committed; updates we do not
 * read (other kinds, bots, shapes we do not know) resolve without storing anything, since delivering
 * them again cannot change that. Rejects only when storing failed: the Update must be delivered again.
 */
export async function handleTelegramUpdate(
  deps: Deps,
  integration: IntegrationRow,
  raw: TelegramRawUpdate,
  log: UpdateLog,
): Promise<void> {
  const update = parseUpdate(raw);
  if (!update) {
    // From Telegram (the secret or the token proved it) but not in the shape we read.
    log.warn({ kind: updateKind(raw) }, "acknowledged a Telegram update we cannot read");
    return;
  }
  const facts = describeUpdate(update);
  const input = facts && telegramInbound(integration, facts);
  if (!input) {
    log.debug({ kind: updateKind(update) }, "ignored a Telegram update");
    return;
  }
  const outcome = await processInboundMessage(deps, input);
  log.info(
    { status: outcome.status, conversationId: outcome.conversationId, messageId: outcome.messageId },
    "Telegram message processed",
  );
}
