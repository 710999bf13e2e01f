// Sending webhooks: one attempt of a stored delivery, its outcome and the next attempt. Every attempt
// is a durable job (delivery.job.ts) that re-reads the delivery, so a replayed or duplicated job does
// nothing unless the delivery is still pending and due.
import { and, eq, inArray, isNull, lte, or, sql } from "drizzle-orm";
import type { FastifyBaseLogger } from "fastify";
import { fetch } from "undici";
import type { Tx } from "../../db/client.ts";
import { members, users, webhookDeliveries, webhookIntegrations } from "../../db/schema/index.ts";
import { SecretError } from "../../platform/crypto.ts";
import { AppError } from "../../platform/errors.ts";
import { newId } from "../../platform/ids.ts";
import type { Platform } from "../../platform/platform.ts";
import { webhookDeliveryJob } from "./delivery.job.ts";
import { signatureHeader } from "./signing.ts";
import { checkWebhookUrl, publicOnlyDispatcher } from "./url-guard.ts";
import { WEBHOOK_SECRET_CONTEXT } from "./webhooks.schemas.ts";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export interface DeliverySettings {
  /** The wait after the 1st, 2nd… failed attempt; the last one repeats. */
  retryDelaysMs: number[];
  /** ±share of each wait, so that the retries of many deliveries do not arrive together. */
  jitter: number;
  /** A delivery is given up (failed) this long after it was created (its first attempt). */
  giveUpAfterMs: number;
  /** A subscription failing (no success) this long is turned off and its admins are told. */
  disableAfterMs: number;
  /** A receiver has this long to answer (headers and body). */
  timeoutMs: number;
}

export const DEFAULT_DELIVERY_SETTINGS: DeliverySettings = {
  retryDelaysMs: [MINUTE, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 6 * HOUR, 12 * HOUR, DAY],
  jitter: 0.2,
  giveUpAfterMs: 3 * DAY,
  disableAfterMs: 3 * DAY,
  timeoutMs: 10_000,
};

const overrides = new WeakMap<Platform, Partial<DeliverySettings>>();

/**
 * Shortens the schedule for one platform (tests, the benchmark's outage run): days of retries in
 * seconds. Read at every attempt, so it may be called before or after the jobs start.
 */
export function configureWebhookDelivery(platform: Platform, settings: Partial<DeliverySettings>) {
  overrides.set(platform, { ...overrides.get(platform), ...settings });
}

export function deliverySettings(platform: Platform): DeliverySettings {
  return { ...DEFAULT_DELIVERY_SETTINGS, ...overrides.get(platform) };
}

/** The wait before the next attempt after `attempts` attempts (1 or more), with jitter. */
export function retryDelayMs(settings: DeliverySettings, attempts: number, random = Math.random): number {
  const delays = settings.retryDelaysMs;
  const base = delays[Math.min(Math.max(attempts, 1), delays.length) - 1] ?? DAY;
  return Math.round(base * (1 + settings.jitter * (2 * random() - 1)));
}

export const USER_AGENT = "FlameCRM-Webhooks/1";
const EXCERPT_CHARS = 1000;

export interface SendResult {
  statusCode: number | null;
  durationMs: number;
  error: string | null;
  responseExcerpt: string | null;
}

interface Request {
  url: string;
  /** Sealed, as stored. */
  secret: string;
  body: string;
  contentType: string;
  eventId: string;
  topic: string;
  deliveryId: string;
}

/**
 * One POST, signed now. Redirects are not followed (a 3xx is a failure: it could lead to an internal
 * address), and the URL is checked again first, and once more as it connects, because its DNS answer
 * may have changed.
 */
async function send(platform: Platform, request: Request, timeoutMs: number): Promise<SendResult> {
  const started = performance.now();
  const result = (fields: Partial<SendResult>): SendResult => ({
    statusCode: null,
    error: null,
    responseExcerpt: null,
    ...fields,
    durationMs: Math.round(performance.now() - started),
  });
  try {
    await checkWebhookUrl(request.url, { allowPrivate: platform.config.allowPrivateWebhooks });
  } catch (err) {
    if (err instanceof AppError) return result({ error: `Refused: ${err.message}` });
    throw err;
  }
  let secret: string;
  try {
    secret = platform.secrets.open(request.secret, WEBHOOK_SECRET_CONTEXT);
  } catch (err) {
    // Sealed with a key this server lacks (FLAME_ENCRYPTION_KEY changed): retrying will not help,
    // rotating the secret will; recorded like any failed attempt, so it shows in the log.
    if (err instanceof SecretError) return result({ error: `Not sent: ${err.message}; rotate the secret` });
    throw err;
  }
  const signature = signatureHeader(secret, request.body, Math.floor(Date.now() / 1000));
  try {
    const response = await fetch(request.url, {
      dispatcher: platform.config.allowPrivateWebhooks ? undefined : publicOnlyDispatcher,
      method: "POST",
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
      headers: {
        "content-type": request.contentType,
        "user-agent": USER_AGENT,
        "x-flame-event-id": request.eventId,
        "x-flame-event": request.topic,
        "x-flame-delivery": request.deliveryId,
        "x-flame-signature": signature,
      },
      body: request.body,
    });
    const statusCode = response.status;
    const responseExcerpt = await excerptOf(response);
    if (statusCode >= 200 && statusCode < 300) return result({ statusCode, responseExcerpt });
    const location = response.headers.get("location");
    const error =
      statusCode >= 300 && statusCode < 400
        ? `Redirect (HTTP ${statusCode}${location ? ` to ${location.slice(0, 200)}` : ""}) not followed`
        : `HTTP ${statusCode}`;
    return result({ statusCode, responseExcerpt, error });
  } catch (err) {
    return result({ error: describeFetchError(err, timeoutMs) });
  }
}

/** The first characters of the answer; a huge answer is not read to its end. */
async function excerptOf(response: Awaited<ReturnType<typeof fetch>>): Promise<string | null> {
  if (!response.body) return null;
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  try {
    while (text.length < EXCERPT_CHARS) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
  return text ? text.slice(0, EXCERPT_CHARS) : null;
}

function describeFetchError(err: unknown, timeoutMs: number): string {
  const e = err as Error & { cause?: { code?: string; message?: string } };
  if (e.name === "TimeoutError" || e.name === "AbortError") {
    return `Timed out: no answer within ${timeoutMs / 1000} s`;
  }
  // The connection's own check (publicOnlyDispatcher) refused the address the host resolved to now.
  if (e.cause?.code === "EPRIVATEADDRESS") return `Refused: ${e.cause.message}`;
  const cause = e.cause?.code ?? e.cause?.message;
  return cause ? `Connection failed: ${cause}` : `Connection failed: ${e.message}`;
}

/**
 * Enqueues the next attempt of a pending delivery, `startAfterSeconds` from now (now by default). The
 * delivery's `nextAttemptAt` is set to the same moment: a job that runs before it is an outdated one.
 */
export async function scheduleDelivery(
  tx: Tx,
  platform: Platform,
  delivery: { workspaceId: string; id: string },
  startAfterSeconds = 0,
): Promise<void> {
  const at = new Date(Date.now() + startAfterSeconds * 1000);
  await tx
    .update(webhookDeliveries)
    .set({ nextAttemptAt: at })
    .where(
      and(eq(webhookDeliveries.workspaceId, delivery.workspaceId), eq(webhookDeliveries.id, delivery.id)),
    );
  await enqueueAttempt(tx, platform, delivery, at);
}

export async function enqueueAttempt(
  tx: Tx,
  platform: Platform,
  delivery: { workspaceId: string; id: string },
  at: Date | null,
) {
  await platform.jobs.enqueue(
    tx,
    webhookDeliveryJob(platform),
    { workspaceId: delivery.workspaceId, deliveryId: delivery.id },
    at && at.getTime() > Date.now() ? { startAfter: at } : {},
  );
}

const byId = (workspaceId: string, id: string) =>
  and(eq(webhookDeliveries.workspaceId, workspaceId), eq(webhookDeliveries.id, id));

/**
 * One attempt of a delivery: claimed (so a duplicate job running at the same time skips it), sent, and
 * its outcome recorded with the next attempt or the end.
 */
export async function attemptDelivery(
  platform: Platform,
  target: { workspaceId: string; deliveryId: string },
  log: FastifyBaseLogger,
): Promise<void> {
  const { db } = platform.database;
  const settings = deliverySettings(platform);
  // The claim: due and pending. While it is sent, `nextAttemptAt` is a lease past the timeout, so a
  // duplicate job finds it not due; after a crash the lease runs out and the job's retry (30 s or
  // later, see delivery.job.ts) sends it.
  const lease = new Date(Date.now() + settings.timeoutMs + 15_000);
  const [delivery] = await db
    .update(webhookDeliveries)
    .set({ nextAttemptAt: lease })
    .where(
      and(
        byId(target.workspaceId, target.deliveryId),
        eq(webhookDeliveries.status, "pending"),
        or(
          isNull(webhookDeliveries.nextAttemptAt),
          lte(webhookDeliveries.nextAttemptAt, sql`now() + interval '1 second'`),
        ),
      ),
    )
    .returning();
  if (!delivery) return;
  try {
    await attemptClaimed(platform, settings, delivery, log);
  } catch (err) {
    // Due again at once for the job's retry (best effort: the database may be what failed).
    await db
      .update(webhookDeliveries)
      .set({ nextAttemptAt: null })
      .where(and(byId(delivery.workspaceId, delivery.id), eq(webhookDeliveries.status, "pending")))
      .catch(() => {});
    throw err;
  }
}

type DeliveryRow = typeof webhookDeliveries.$inferSelect;

async function attemptClaimed(
  platform: Platform,
  settings: DeliverySettings,
  delivery: DeliveryRow,
  log: FastifyBaseLogger,
) {
  const { db } = platform.database;
  const [webhook] = await db
    .select()
    .from(webhookIntegrations)
    .where(
      and(
        eq(webhookIntegrations.workspaceId, delivery.workspaceId),
        eq(webhookIntegrations.id, delivery.webhookId),
      ),
    );
  if (!webhook) return; // deleted: its deliveries go with it
  if (!webhook.active) {
    // Kept as failed, so that "replay failed" sends it once the webhook is on again.
    await db
      .update(webhookDeliveries)
      .set({ status: "failed", nextAttemptAt: null, lastError: "Not sent: the webhook is turned off" })
      .where(byId(delivery.workspaceId, delivery.id));
    return;
  }

  const outcome = await send(
    platform,
    {
      url: webhook.url,
      secret: webhook.secret,
      body: delivery.body,
      contentType: delivery.contentType,
      eventId: String(delivery.eventId),
      topic: delivery.topic,
      deliveryId: delivery.id,
    },
    settings.timeoutMs,
  );
  const attempts = delivery.attempts + 1;
  const succeeded = outcome.error === null;
  const gone = outcome.statusCode === 410;
  const now = Date.now();
  // The last retry is at the deadline itself, so a receiver down for the whole window is tried then.
  const deadline = delivery.createdAt.getTime() + settings.giveUpAfterMs;
  const next =
    succeeded || gone || now >= deadline ? null : Math.min(now + retryDelayMs(settings, attempts), deadline);

  const disabled = await db.transaction(async (tx) => {
    await tx
      .update(webhookDeliveries)
      .set({
        status: succeeded ? "succeeded" : next === null ? "failed" : "pending",
        attempts,
        nextAttemptAt: next === null ? null : new Date(next),
        lastStatusCode: outcome.statusCode,
        lastDurationMs: outcome.durationMs,
        lastError: outcome.error,
        responseExcerpt: outcome.responseExcerpt,
        ...(succeeded ? { deliveredAt: new Date(now) } : {}),
      })
      .where(byId(delivery.workspaceId, delivery.id));
    if (next !== null) await enqueueAttempt(tx, platform, delivery, new Date(next));
    return recordHealth(tx, webhook, succeeded ? "ok" : gone ? "gone" : "failed", settings);
  });
  log.info(
    {
      webhookId: webhook.id,
      deliveryId: delivery.id,
      attempts,
      statusCode: outcome.statusCode,
      error: outcome.error,
      next: next && new Date(next).toISOString(),
    },
    succeeded ? "webhook delivered" : "webhook delivery failed",
  );
  if (disabled) await tellAdmins(platform, webhook, log);
}

type WebhookRow = typeof webhookIntegrations.$inferSelect;

/**
 * The subscription's side of an attempt: a success clears `failingSince`; 410 turns it off ("gone");
 * a failure starts `failingSince`, and one failing for `disableAfterMs` is turned off ("failing").
 * Returns true when this attempt turned it off for failing (the admins are then told).
 */
async function recordHealth(
  tx: Tx,
  webhook: WebhookRow,
  result: "ok" | "gone" | "failed",
  settings: DeliverySettings,
): Promise<boolean> {
  const which = and(
    eq(webhookIntegrations.workspaceId, webhook.workspaceId),
    eq(webhookIntegrations.id, webhook.id),
  );
  if (result === "ok") {
    await tx
      .update(webhookIntegrations)
      .set({ failingSince: null })
      .where(and(which, sql`${webhookIntegrations.failingSince} is not null`));
    return false;
  }
  if (result === "gone") {
    await tx
      .update(webhookIntegrations)
      .set({
        active: false,
        disabledReason: "gone",
        failingSince: sql`coalesce(${webhookIntegrations.failingSince}, now())`,
        updatedAt: new Date(),
      })
      .where(and(which, eq(webhookIntegrations.active, true)));
    return false;
  }
  const disableBefore = new Date(Date.now() - settings.disableAfterMs);
  const [row] = await tx
    .update(webhookIntegrations)
    .set({
      failingSince: sql`coalesce(${webhookIntegrations.failingSince}, now())`,
      // The value before this statement: failing since then, for at least the allowed time.
      active: sql`not coalesce(${webhookIntegrations.failingSince} <= ${disableBefore}, false)`,
      disabledReason: sql`case when ${webhookIntegrations.failingSince} <= ${disableBefore} then 'failing' else ${webhookIntegrations.disabledReason} end`,
      updatedAt: sql`case when ${webhookIntegrations.failingSince} <= ${disableBefore} then now() else ${webhookIntegrations.updatedAt} end`,
    })
    .where(and(which, eq(webhookIntegrations.active, true)))
    .returning({ active: webhookIntegrations.active });
  return row ? !row.active : false;
}

/** Mails the workspace's owners and admins that a webhook was turned off for failing. */
async function tellAdmins(platform: Platform, webhook: WebhookRow, log: FastifyBaseLogger) {
  const admins = await platform.database.db
    .select({ email: users.email })
    .from(members)
    .innerJoin(users, eq(users.id, members.userId))
    .where(and(eq(members.workspaceId, webhook.workspaceId), inArray(members.role, ["owner", "admin"])));
  const name = webhook.name || webhook.url;
  const since = webhook.failingSince ?? new Date();
  for (const { email } of admins) {
    await platform.mailer.send({
      to: email,
      kind: "webhook-disabled",
      subject: `Webhook "${name}" was turned off`,
      text: [
        `Flame CRM turned off the webhook "${name}" (${webhook.url}):`,
        `every delivery to it has failed since ${since.toISOString()}.`,
        "",
        "Events are no longer sent to it. Fix the receiver, turn the webhook on again and replay",
        `the failed deliveries: ${platform.config.publicUrl}/settings/webhooks`,
      ].join("\n"),
    });
  }
  log.warn({ webhookId: webhook.id, admins: admins.length }, "webhook turned off after failing");
}

/** `ping`: sent once, now, to check a receiver; not stored as a delivery. */
export async function sendTestDelivery(platform: Platform, webhook: WebhookRow): Promise<SendResult> {
  const id = `ping_${newId()}`;
  const createdAt = new Date().toISOString();
  const data = { webhookId: webhook.id, message: "A test event from Flame CRM" };
  const amocrm = webhook.format === "amocrm";
  const body = amocrm
    ? new URLSearchParams({
        event: "ping",
        webhook_id: webhook.id,
        "account[id]": webhook.workspaceId,
      }).toString()
    : JSON.stringify({ id, event: "ping", createdAt, workspaceId: webhook.workspaceId, data });
  return send(
    platform,
    {
      url: webhook.url,
      secret: webhook.secret,
      body,
      contentType: amocrm ? FORM : JSON_TYPE,
      eventId: id,
      topic: "ping",
      deliveryId: id,
    },
    deliverySettings(platform).timeoutMs,
  );
}

export const JSON_TYPE = "application/json";
export const FORM = "application/x-www-form-urlencoded";
