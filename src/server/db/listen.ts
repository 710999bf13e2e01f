import pg from "pg";

/** What a LISTEN caller hears besides the notifications themselves. */
export interface ListenOptions {
  /**
   * The connection was lost and LISTEN is back. Notifications sent in between are lost for good, so a
   * listener that keeps state should refresh it.
   */
  onReconnect?: () => void;
}

export type Unlisten = () => Promise<void>;

const FIRST_DELAY_MS = 250;
const MAX_DELAY_MS = 30_000;
// A half-open TCP connection delivers nothing and reports nothing; a periodic round trip notices it.
const PING_MS = 30_000;

/**
 * LISTEN on a dedicated connection, not one of the pool's: a notification reaches only the session that
 * listens, and a pooled session is handed to other queries. After an error the connection is reopened
 * with exponential backoff (and jitter, so many nodes do not reconnect in step). The first connection
 * must succeed, or the returned promise rejects.
 */
export async function listenPostgres(
  url: string,
  channel: string,
  onMessage: (payload: string) => void,
  options: ListenOptions & { onError?: (err: Error) => void } = {},
): Promise<Unlisten> {
  let current: pg.Client | null = null;
  let stopped = false;
  let delay = FIRST_DELAY_MS;
  let retryTimer: NodeJS.Timeout | undefined;

  const lost = (client: pg.Client, err: Error) => {
    if (stopped || client !== current) return;
    current = null;
    options.onError?.(err);
    client.end().catch(() => {});
    retry();
  };

  const open = async () => {
    const client = new pg.Client({
      connectionString: url,
      connectionTimeoutMillis: 5000,
      query_timeout: 10_000,
      keepAlive: true,
      application_name: "flame-crm-listen",
    });
    client.on("notification", (n) => {
      if (n.channel === channel && n.payload !== undefined) onMessage(n.payload);
    });
    // Listeners first: an 'error' event without one would crash the process.
    client.on("error", (err) => lost(client, err));
    client.on("end", () => lost(client, new Error("the LISTEN connection ended")));
    try {
      await client.connect();
      await client.query(`listen ${client.escapeIdentifier(channel)}`);
    } catch (err) {
      await client.end().catch(() => {});
      throw err;
    }
    if (stopped) {
      await client.end().catch(() => {});
      return;
    }
    current = client;
  };

  const retry = () => {
    const wait = delay * (0.5 + Math.random() / 2);
    delay = Math.min(delay * 2, MAX_DELAY_MS);
    retryTimer = setTimeout(async () => {
      try {
        await open();
        delay = FIRST_DELAY_MS;
        if (!stopped) options.onReconnect?.();
      } catch (err) {
        options.onError?.(err as Error);
        if (!stopped) retry();
      }
    }, wait);
    retryTimer.unref();
  };

  await open();
  const ping = setInterval(() => {
    const client = current;
    client?.query("select 1").catch((err: Error) => lost(client, err));
  }, PING_MS);
  ping.unref();

  return async () => {
    stopped = true;
    clearTimeout(retryTimer);
    clearInterval(ping);
    const client = current;
    current = null;
    await client?.end().catch(() => {});
  };
}
