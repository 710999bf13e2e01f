// POST /api/hooks/moysklad/:integrationId?k=<secret>&requestId=<uuid> — MoySklad's webhooks
// (PROTOCOLS.md §3). They carry no signature, so the secret in the URL proves the caller. MoySklad wants
// an answer within 1.5 s and retries with the same requestId, so the notification is only recorded
// (deduplicated by requestId) and a job re-reads each href and imports what it finds.
import { and, eq, ne } from "drizzle-orm";
import type { FastifyBaseLogger } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { accountingIntegrations, accountingWebhookRequests } from "../../../db/schema/index.ts";
import { AppError } from "../../../platform/errors.ts";
import { ProviderError } from "../../../platform/http-client.ts";
import { defineJob } from "../../../platform/jobs.ts";
import { NO_CONTENT } from "../../../platform/openapi.ts";
import type { Platform } from "../../../platform/platform.ts";
import { systemActor } from "../../../platform/policy.ts";
import { moyskladSettings } from "../accounting.schemas.ts";
import { finishRun, loadIntegration, startRun, Tally } from "../store.ts";
import type { Entity } from "./client.ts";
import { clientFor, webhookSecretMatches } from "./connection.ts";
import { importCounterparty, importOrder, importProduct } from "./import.ts";
import { contactPersons } from "./sync.ts";

const KINDS = ["counterparty", "customerorder", "product"] as const;
type Kind = (typeof KINDS)[number];

const notification = z.object({
  events: z
    .array(
      z.object({
        meta: z.object({ type: z.string(), href: z.string().url() }),
        action: z.string(),
      }),
    )
    .max(1000),
});

const jobPayload = z.object({
  workspaceId: z.string(),
  integrationId: z.string(),
  refs: z.array(z.object({ type: z.enum(KINDS), href: z.string() })),
});

export function moyskladWebhookJob(platform: Platform) {
  return defineJob({
    name: "accounting.moysklad.webhook",
    schema: jobPayload,
    retry: { limit: 8, delaySeconds: 30 },
    handler: (payload, { log }) => applyNotification(platform, payload, log),
  });
}

const refused = () => new AppError("not_found", "Unknown webhook, or the URL does not carry its secret");

export const moyskladHookRoutes =
  (platform: Platform): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = platform.database;
    const job = moyskladWebhookJob(platform);
    app.post(
      "/api/hooks/moysklad/:integrationId",
      {
        config: { public: true },
        bodyLimit: 5 * 1024 * 1024,
        schema: {
          tags: ["hooks"],
          summary: "MoySklad webhook: references to changed entities, authenticated by the secret in the URL",
          params: z.object({ integrationId: z.string().min(1).max(64) }),
          querystring: z.object({
            k: z.string().max(200).optional(),
            requestId: z.string().max(100).optional(),
          }),
          body: z.unknown(),
          response: NO_CONTENT,
        },
      },
      async (request, reply) => {
        const [row] = await db
          .select()
          .from(accountingIntegrations)
          .where(
            and(
              eq(accountingIntegrations.id, request.params.integrationId),
              eq(accountingIntegrations.platform, "moysklad"),
              ne(accountingIntegrations.status, "disconnected"),
            ),
          )
          .limit(1);
        if (!row || !webhookSecretMatches(platform, row, request.query.k ?? "")) throw refused();
        const log = request.log.child({ integrationId: row.id, requestId: request.query.requestId });
        const parsed = notification.safeParse(request.body);
        if (!parsed.success) {
          log.warn({ issues: parsed.error.issues.slice(0, 3) }, "a MoySklad webhook we cannot read; ignored");
          return reply.status(204).send(null);
        }
        const refs: z.infer<typeof jobPayload>["refs"] = [];
        for (const event of parsed.data.events) {
          const type = event.meta.type as Kind;
          if (!KINDS.includes(type) || (event.action !== "CREATE" && event.action !== "UPDATE")) {
            log.info(
              { type: event.meta.type, action: event.action },
              "a MoySklad event we do not sync; ignored",
            );
            continue;
          }
          refs.push({ type, href: event.meta.href });
        }
        await db.transaction(async (tx) => {
          if (request.query.requestId) {
            const fresh = await tx
              .insert(accountingWebhookRequests)
              .values({
                workspaceId: row.workspaceId,
                integrationId: row.id,
                requestId: request.query.requestId,
              })
              .onConflictDoNothing()
              .returning({ id: accountingWebhookRequests.requestId });
            if (fresh.length === 0) {
              log.info("a MoySklad webhook retried with a request id already handled; skipped");
              return;
            }
          }
          if (refs.length) {
            await platform.jobs.enqueue(tx, job, {
              workspaceId: row.workspaceId,
              integrationId: row.id,
              refs,
            });
          }
        });
        return reply.status(204).send(null);
      },
    );
  };

/** Re-reads every referenced entity (the notification holds references only) and imports it. */
export async function applyNotification(
  platform: Platform,
  payload: z.infer<typeof jobPayload>,
  log: FastifyBaseLogger,
) {
  const { db } = platform.database;
  const row = await loadIntegration(db, payload.workspaceId, payload.integrationId);
  if (!row || row.status === "disconnected") return;
  // Only MoySklad's own hrefs are fetched: the token must not be sent anywhere a body names.
  const base = platform.config.providers.moysklad;
  const refs = payload.refs.filter((r) => r.href.startsWith(`${base}/entity/${r.type}/`));
  if (refs.length < payload.refs.length) log.warn("a MoySklad webhook named hrefs outside the API; ignored");
  const client = clientFor(platform, row);
  const settings = moyskladSettings.parse(row.settings);
  const entities: { type: Kind; entity: Entity }[] = [];
  for (const ref of refs) {
    try {
      const query = ref.type === "customerorder" ? { expand: "positions" } : undefined;
      entities.push({ type: ref.type, entity: await client.get(ref.href, query) });
    } catch (err) {
      // Deleted since: nothing to import.
      if (err instanceof ProviderError && err.status === 404) continue;
      throw err;
    }
  }
  if (entities.length === 0) return;
  // Read before the transaction, like a sync's page: no HTTP while it holds its locks.
  const persons = await contactPersons(
    client,
    entities.filter((e) => e.type === "counterparty").map((e) => e.entity),
  );
  const run = await startRun(db, row, "webhook");
  const tally = new Tally();
  const actor = systemActor(row.workspaceId, "accounting");
  try {
    await db.transaction(async (tx) => {
      const ctx = { tx, outbox: platform.outbox, actor, row, settings, tally, memo: {} };
      for (const { type, entity } of entities) {
        if (type === "product") await importProduct(ctx, entity);
        else if (type === "counterparty") await importCounterparty(ctx, entity, persons.get(entity.id));
        else await importOrder(ctx, entity, (id) => client.get(`/entity/counterparty/${id}`));
      }
    });
    await finishRun(db, run, tally);
  } catch (err) {
    await finishRun(db, run, tally, err instanceof Error ? err.message : String(err));
    throw err;
  }
}
