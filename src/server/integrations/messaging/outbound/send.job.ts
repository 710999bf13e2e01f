// The durable send of a manager's reply. Enqueued in the reply's transaction; the message stays
// `queued` (with the last error visible) until the provider took it (`sent`) or refused it for good
// (`failed`). A provider's rate-limit signal is honoured by re-enqueueing the job to start after it.
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../../db/client.ts";
import { conversations, messageFiles, messages, messagingIntegrations } from "../../../db/schema/index.ts";
import { emit } from "../../../modules/records/records.ts";
import { ProviderError } from "../../../platform/http-client.ts";
import { defineJob, type JobContext, type JobDefinition } from "../../../platform/jobs.ts";
import type { Platform } from "../../../platform/platform.ts";
import { systemActor } from "../../../platform/policy.ts";
import { type Delivered, deliver, type Outgoing } from "./deliver.ts";

export const SEND_JOB = "messaging.send";
/** pg-boss retries (exponential from 5 s) for failures without a rate-limit signal: about 21 minutes. */
export const SEND_RETRY = { limit: 8, delaySeconds: 5 };
/** Rate-limit deferrals (each a new job starting after the provider's wait) before giving up. */
export const MAX_DEFERRALS = 20;

const payloadSchema = z.object({
  workspaceId: z.string(),
  messageId: z.string(),
  /** Jobs enqueued before `messages.template` existed carry the template here. */
  template: z.object({ name: z.string(), language: z.string() }).optional(),
  /** How many times a rate limit has already postponed this message. */
  deferrals: z.number().int().min(0).optional(),
});
export type SendPayload = z.infer<typeof payloadSchema>;
export type SendJob = JobDefinition<SendPayload>;

export function sendMessageJob(platform: Platform): SendJob {
  const job: SendJob = defineJob({
    name: SEND_JOB,
    schema: payloadSchema,
    retry: SEND_RETRY,
    expireInSeconds: 120,
    handler: (payload, ctx) => runSend(platform, job, payload, ctx),
  });
  return job;
}

/** Called from createPlatform, before jobs start. */
export function registerSendMessageJob(platform: Platform) {
  platform.jobs.register(sendMessageJob(platform));
}

async function load(db: Db, p: SendPayload): Promise<Outgoing | undefined> {
  const [row] = await db
    .select({ message: messages, conversation: conversations, integration: messagingIntegrations })
    .from(messages)
    .innerJoin(
      conversations,
      and(eq(conversations.workspaceId, messages.workspaceId), eq(conversations.id, messages.conversationId)),
    )
    .innerJoin(
      messagingIntegrations,
      and(
        eq(messagingIntegrations.workspaceId, messages.workspaceId),
        eq(messagingIntegrations.id, messages.integrationId),
      ),
    )
    .where(and(eq(messages.workspaceId, p.workspaceId), eq(messages.id, p.messageId)));
  if (!row) return undefined;
  const template = row.message.template ?? (p.template ? { ...p.template, params: [] } : undefined);
  const storedFileId = row.message.media[0]?.storedFileId;
  if (!storedFileId) return { ...row, template };
  const [file] = await db
    .select({ fileName: messageFiles.fileName, mimeType: messageFiles.mimeType, bytes: messageFiles.content })
    .from(messageFiles)
    .where(and(eq(messageFiles.workspaceId, p.workspaceId), eq(messageFiles.id, storedFileId)));
  return { ...row, template, file };
}

type Outcome =
  | ({ status: "sent" } & Delivered)
  | { status: "failed"; error: string }
  | { status: "queued"; error: string };

/** Writes the outcome (only over a still-queued message) and its event, in one transaction. */
async function record(platform: Platform, db: Db, out: Outgoing, outcome: Outcome) {
  const { message } = out;
  await db.transaction(async (tx) => {
    const set =
      outcome.status === "sent"
        ? {
            status: outcome.status,
            externalId: outcome.externalId,
            sentAt: new Date(),
            error: null,
            ...(outcome.media && { media: outcome.media }),
          }
        : { status: outcome.status, error: outcome.error.slice(0, 1000) };
    const [updated] = await tx
      .update(messages)
      .set(set)
      .where(
        and(
          eq(messages.workspaceId, message.workspaceId),
          eq(messages.id, message.id),
          eq(messages.status, "queued"),
        ),
      )
      .returning({ id: messages.id });
    if (!updated || outcome.status === "queued") return;
    await emit(tx, platform.outbox, systemActor(message.workspaceId), `message.${outcome.status}`, {
      id: message.id,
      conversationId: message.conversationId,
      integrationId: message.integrationId,
      contactId: out.conversation.contactId,
      dealId: out.conversation.dealId,
    });
  });
}

async function runSend(platform: Platform, job: SendJob, payload: SendPayload, ctx: JobContext) {
  const out = await load(ctx.db, payload);
  // Sent, failed or gone already: a repeated job must never send twice.
  if (out?.message.status !== "queued") return;
  if (out.integration.status === "disconnected") {
    return record(platform, ctx.db, out, { status: "failed", error: "The channel is disconnected" });
  }
  try {
    const delivered = await deliver(platform, out);
    await record(platform, ctx.db, out, { status: "sent", ...delivered });
  } catch (err) {
    if (!(err instanceof ProviderError)) throw err;
    const reason = err.message;
    if (err.permanent) return record(platform, ctx.db, out, { status: "failed", error: reason });
    const deferrals = payload.deferrals ?? 0;
    if (ctx.attempt >= SEND_RETRY.limit || deferrals >= MAX_DEFERRALS) {
      const error = `Gave up after ${ctx.attempt + deferrals + 1} attempts: ${reason}`;
      return record(platform, ctx.db, out, { status: "failed", error });
    }
    const wait = err.retryAfterMs;
    if (wait !== undefined) {
      ctx.log.info({ messageId: out.message.id, retryAfterMs: wait }, "send rate-limited, deferred");
      // A new job that starts after the provider's wait, committed together with the visible error.
      return ctx.db.transaction(async (tx) => {
        await tx
          .update(messages)
          .set({ error: reason })
          .where(and(eq(messages.workspaceId, payload.workspaceId), eq(messages.id, payload.messageId)));
        await platform.jobs.enqueue(
          tx,
          job,
          { ...payload, deferrals: deferrals + 1 },
          { startAfter: Math.max(1, Math.ceil(wait / 1000)) },
        );
      });
    }
    await record(platform, ctx.db, out, { status: "queued", error: reason });
    throw err; // pg-boss retries with backoff
  }
}
