// Telegram long polling, for bots connected without a public https URL (`delivery = "polling"`). Runs on
// the nodes that run jobs. One loop per bot: getUpdates → each Update through the webhook's processing
// → the next offset stored once the batch is committed. Telegram forgets updates only when a later
// getUpdates passes a higher offset, so a crash between the two redelivers them, and the
// per-integration unique message id stores each once. Several worker nodes share the bots: each bot is
// polled by the node holding its lease (renewed every round), as Telegram answers a second concurrent
// getUpdates with 409 Conflict; a node that stops or dies hands the bot over within one lease.
import { and, eq, isNull, lt, ne, or, sql } from "drizzle-orm";
import type { Executor } from "../../../db/client.ts";
import { messagingIntegrations } from "../../../db/schema/index.ts";
import { ProviderError } from "../../../platform/http-client.ts";
import { newId } from "../../../platform/ids.ts";
import type { Logger } from "../../../platform/logger.ts";
import type { Platform } from "../../../platform/platform.ts";
import { clientsFor, type IntegrationRow, openCredentials } from "../channels.ts";
import { isTelegramConflict } from "../telegram/errors.ts";
import { TELEGRAM_ALLOWED_UPDATES } from "../telegram/types.ts";
import { handleTelegramUpdate } from "./telegram-update.ts";

export interface TelegramPollingOptions {
  /** Seconds Telegram holds a quiet getUpdates open. */
  pollTimeoutSeconds?: number;
  /** How often newly connected polling bots are looked for. */
  rescanMs?: number;
  /** The first wait after a failure; it doubles up to `maxBackoffMs`. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** How long a node may poll a bot without renewing its lease. */
  leaseMs?: number;
}

export interface TelegramPolling {
  /** Stops every loop; resolves once no batch is being stored. A poll in flight is cut off unconfirmed. */
  stop(): Promise<void>;
}

/** A newly connected bot starts polling within this (one cheap query per worker node). */
const RESCAN_MS = 5000;

/** Unsafe: every workspace's polling bots, for the poller that serves them all. */
async function unsafePollingBots(db: Executor, id?: string): Promise<IntegrationRow[]> {
  return db
    .select()
    .from(messagingIntegrations)
    .where(
      and(
        eq(messagingIntegrations.platform, "telegram"),
        eq(messagingIntegrations.delivery, "polling"),
        ne(messagingIntegrations.status, "disconnected"),
        ...(id ? [eq(messagingIntegrations.id, id)] : []),
      ),
    );
}

/** Takes or renews this node's lease on a bot; false while another node's lease runs. */
async function lease(db: Executor, row: IntegrationRow, node: string, ms: number) {
  const taken = await db
    .update(messagingIntegrations)
    .set({ pollingNode: node, pollingLeaseUntil: sql`now() + make_interval(secs => ${ms / 1000})` })
    .where(
      and(
        eq(messagingIntegrations.workspaceId, row.workspaceId),
        eq(messagingIntegrations.id, row.id),
        or(
          eq(messagingIntegrations.pollingNode, node),
          isNull(messagingIntegrations.pollingLeaseUntil),
          lt(messagingIntegrations.pollingLeaseUntil, sql`now()`),
        ),
      ),
    )
    .returning({ id: messagingIntegrations.id });
  return taken.length > 0;
}

/** A wait that `wake` cuts short (on stop). */
function sleeper() {
  let wake = () => {};
  return {
    sleep: (ms: number) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, ms);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      }),
    wake: () => wake(),
  };
}

export function startTelegramPolling(
  platform: Platform,
  log: Logger,
  options: TelegramPollingOptions = {},
): TelegramPolling {
  const pollTimeout = options.pollTimeoutSeconds ?? 25;
  const backoffMs = options.backoffMs ?? 1000;
  const maxBackoffMs = options.maxBackoffMs ?? 60_000;
  // Longer than a quiet poll and the batch after it, so the holder renews it in time.
  const leaseMs = options.leaseMs ?? (pollTimeout + 60) * 1000;
  const node = newId();
  const db = platform.database.db;
  const deps = { db, outbox: platform.outbox };
  const clients = clientsFor(platform.config);
  const running = new Map<string, Promise<void>>();
  /** Bots parked after a conflict or a refusal, with the row's updatedAt: a change in settings retries. */
  const parked = new Map<string, number>();
  const batches = new Set<Promise<unknown>>();
  const sleepers = new Set<ReturnType<typeof sleeper>>();
  // Cuts open long polls on stop, so no getUpdates of ours is still open when another node takes over.
  const polls = new AbortController();
  let stopped = false;

  const wait = async (ms: number) => {
    const s = sleeper();
    sleepers.add(s);
    await s.sleep(ms);
    sleepers.delete(s);
  };

  /** Records why polling stopped on the channel, for its settings page, and parks it. */
  async function park(row: IntegrationRow, err: unknown, botLog: Logger) {
    const reason = err instanceof Error ? err.message : String(err);
    botLog.warn({ err }, "Telegram polling stopped for this bot");
    parked.set(row.id, row.updatedAt.getTime());
    await db
      .update(messagingIntegrations)
      .set({ status: "error", lastError: reason, lastErrorAt: new Date() })
      .where(
        and(eq(messagingIntegrations.workspaceId, row.workspaceId), eq(messagingIntegrations.id, row.id)),
      )
      .catch((e: unknown) => botLog.error({ err: e }, "could not record the polling error"));
  }

  /** Handles a batch in order and stores the offset after the last committed update; false if one failed. */
  async function store(row: IntegrationRow, updates: { update_id: number }[], botLog: Logger) {
    let offset = row.pollingOffset;
    let complete = true;
    for (const raw of updates) {
      try {
        await handleTelegramUpdate(deps, row, raw, botLog.child({ updateId: raw.update_id }));
      } catch (err) {
        // Not confirmed: the next getUpdates gives it again, as Telegram redelivers a failed webhook.
        botLog.error({ err, updateId: raw.update_id }, "storing a polled Telegram update failed");
        complete = false;
        break;
      }
      offset = raw.update_id + 1;
    }
    // A poll that answered proves the token works: an earlier polling error is over.
    const recovered = row.status === "error" && { status: "active" as const, lastError: null };
    if (offset !== row.pollingOffset || recovered) {
      await db
        .update(messagingIntegrations)
        .set({ pollingOffset: offset, ...recovered })
        .where(
          and(eq(messagingIntegrations.workspaceId, row.workspaceId), eq(messagingIntegrations.id, row.id)),
        );
    }
    return complete;
  }

  async function loop(id: string) {
    const botLog = log.child({ integrationId: id, delivery: "polling" });
    let failures = 0;
    while (!stopped) {
      // Read again every round: the channel may be disconnected, switched to a webhook or given a new token.
      const [row] = await unsafePollingBots(db, id);
      if (!row || stopped) return;
      if (!(await lease(db, row, node, leaseMs))) {
        // Another node polls it; take over if its lease runs out.
        await wait(Math.min(leaseMs, options.rescanMs ?? RESCAN_MS));
        continue;
      }
      let updates: { update_id: number }[];
      try {
        const bot = clients.telegram(openCredentials(platform.secrets, "telegram", row));
        updates = await bot.getUpdates({
          offset: row.pollingOffset ?? undefined,
          timeout: pollTimeout,
          allowedUpdates: TELEGRAM_ALLOWED_UPDATES,
          signal: polls.signal,
        });
      } catch (err) {
        if (stopped) return;
        // A webhook is set, or another process polls this bot: polling here would only fight it.
        if (isTelegramConflict(err) || (err instanceof ProviderError && err.details.permanent)) {
          return park(row, err, botLog);
        }
        if (!(err instanceof ProviderError)) return park(row, err, botLog); // credentials we cannot open
        failures++;
        botLog.warn({ err, failures }, "Telegram getUpdates failed; polling again later");
        await wait(err.details.retryAfterMs ?? Math.min(maxBackoffMs, backoffMs * 2 ** (failures - 1)));
        continue;
      }
      // Stopping while the poll was open: leave the updates unconfirmed for the next start.
      if (stopped) return;
      failures = 0;
      const batch = store(row, updates, botLog);
      batches.add(batch);
      const complete = await batch.finally(() => batches.delete(batch));
      if (!complete) await wait(backoffMs);
    }
  }

  async function rescan() {
    const rows = await unsafePollingBots(db);
    for (const row of rows) {
      if (running.has(row.id)) continue;
      if (parked.get(row.id) === row.updatedAt.getTime()) continue;
      parked.delete(row.id);
      const run = loop(row.id)
        .catch((err: unknown) => log.error({ err, integrationId: row.id }, "Telegram polling loop failed"))
        .finally(() => running.delete(row.id));
      running.set(row.id, run);
    }
  }

  const supervisor = (async () => {
    while (!stopped) {
      await rescan().catch((err: unknown) => log.error({ err }, "looking for polling Telegram bots failed"));
      await wait(options.rescanMs ?? RESCAN_MS);
    }
  })();

  return {
    async stop() {
      stopped = true;
      polls.abort();
      for (const s of sleepers) s.wake();
      await supervisor;
      await Promise.allSettled([...running.values()]);
      await Promise.allSettled([...batches]);
      // Another node takes the bots at once instead of waiting for the leases to run out.
      await db
        .update(messagingIntegrations)
        .set({ pollingNode: null, pollingLeaseUntil: null })
        .where(eq(messagingIntegrations.pollingNode, node))
        .catch((err: unknown) => log.warn({ err }, "could not release the Telegram polling leases"));
    },
  };
}
