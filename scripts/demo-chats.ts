// `npm run demo -- --chats`: simulated clients write to a running app through the provider fakes of
// test/fakes/, so a person can watch leads arrive in the inbox. The app must call the fakes (its
// FLAME_*_API_URL point at the fixed local ports below); the demo workspace must exist (`npm run demo`).
import { createServer, request, type Server } from "node:http";
import { parseArgs } from "node:util";
import { startAvitoFake } from "../test/fakes/avito.ts";
import { startTelegramFake, telegramUser, textUpdate } from "../test/fakes/telegram.ts";
import { startWhatsAppFake } from "../test/fakes/whatsapp.ts";

type Channel = "telegram" | "whatsapp" | "avito";
const CHANNELS: Channel[] = ["telegram", "whatsapp", "avito"];
const NAMES: Record<Channel, string> = { telegram: "Telegram", whatsapp: "WhatsApp", avito: "Avito" };
const SETTINGS_PATH: Record<Channel, string> = {
  telegram: "/api/messaging/telegram-bot",
  whatsapp: "/api/messaging/whatsapp",
  avito: "/api/messaging/avito",
};
const DEFAULT_PORTS: Record<Channel, number> = { telegram: 8081, whatsapp: 8082, avito: 8083 };
const ENV_NAMES: Record<Channel, string> = {
  telegram: "FLAME_TELEGRAM_API_URL",
  whatsapp: "FLAME_WHATSAPP_API_URL",
  avito: "FLAME_AVITO_API_URL",
};

// The demo's own provider accounts: fixed, so a second run finds the channels it connected before.
const TELEGRAM_TOKEN = "7000000001:AAFlameDemoBot-0123456789abcdefghijkl";
const WHATSAPP = {
  accessToken: "EAAG-flame-demo-access-token",
  appSecret: "f1a3ede30000000000000000000000de",
  phoneNumberId: "100000000000001",
  wabaId: "100000000000002",
};
const AVITO = { clientId: "flame-demo-client", clientSecret: "flame-demo-secret", accountId: 70000001 };

/**
 * Both routing outcomes stay visible: Telegram and Avito chats become deals at once, WhatsApp chats wait
 * in Unsorted; every channel makes a contact of a new client.
 */
const ROUTING: Record<Channel, { autoCreateDeal: boolean }> = {
  telegram: { autoCreateDeal: true },
  whatsapp: { autoCreateDeal: false },
  avito: { autoCreateDeal: true },
};
const CREDENTIALS: Record<Channel, Record<string, string>> = {
  telegram: { token: TELEGRAM_TOKEN },
  whatsapp: WHATSAPP,
  avito: { clientId: AVITO.clientId, clientSecret: AVITO.clientSecret },
};
/** How a connected channel is recognised in the settings list. */
const isOurs: Record<Channel, (account: Record<string, unknown>) => boolean> = {
  telegram: (a) => a.botId === TELEGRAM_TOKEN.split(":")[0],
  whatsapp: (a) => a.phoneNumberId === WHATSAPP.phoneNumberId,
  avito: (a) => a.accountId === String(AVITO.accountId),
};

/** Client k always writes through CHANNELS[k % 3], from the same chat, so a second run continues it. */
const CLIENTS = [
  [
    "Анна",
    "Кузнецова",
    "Здравствуйте, сколько стоит доставка в Казань?",
    "Спасибо! А оплатить можно картой?",
  ],
  [
    "Игорь",
    "Петров",
    "Добрый день! Есть ли в наличии диван «Осло» в сером цвете?",
    "Отлично, беру. Как оформить?",
  ],
  ["", "", "Здравствуйте, ещё актуально?", "Хорошо, могу подъехать завтра после шести."],
  [
    "Екатерина",
    "Смирнова",
    "Подскажите, пожалуйста, какие сроки изготовления кухни?",
    "Понятно, спасибо. Пришлите договор на почту.",
  ],
  [
    "Дмитрий",
    "Соколов",
    "Здравствуйте, можно счёт на юрлицо? ООО «Вектор»",
    "Реквизиты отправил, ждём счёт.",
  ],
  ["", "", "Торг уместен?", "Договорились, забираю."],
  ["Ольга", "Васильева", "Добрый вечер, вы работаете в выходные?", "Спасибо, тогда приеду в субботу."],
  [
    "Сергей",
    "Морозов",
    "Хочу заказать 20 стульев в офис, будет скидка?",
    "Хорошо, подумаю и напишу до пятницы.",
  ],
  ["", "", "Можно забрать самовывозом сегодня?", "Отлично, выезжаю."],
  ["Наталья", "Волкова", "Здравствуйте! А какая гарантия на матрасы?", "Спасибо за быстрый ответ!"],
  [
    "Алексей",
    "Новиков",
    "Добрый день, пришлите, пожалуйста, прайс",
    "Получил, спасибо. Позвоните мне после обеда.",
  ],
  ["", "", "Здравствуйте, доставка до Подольска есть?", "Супер, тогда оформляем."],
].map(([firstName = "", lastName = "", first = "", answer = ""], k) => ({
  k,
  channel: CHANNELS[k % CHANNELS.length] as Channel,
  name: firstName ? `${firstName} ${lastName}` : `Покупатель ${200_000_000 + k}`,
  firstName,
  lastName,
  messages: [first, answer],
  telegramChatId: 500_000_100 + k,
  phone: `7916${String(5550100 + k)}`,
  avitoChatId: `u2i-flame-demo-${k}`,
  avitoItemId: 4_123_456_700 + k,
  avitoAuthorId: 200_000_000 + k,
}));
type Client = (typeof CLIENTS)[number];

export interface ChatsOptions {
  /** The app's own URL (PUBLIC_URL, else http://localhost:PORT). */
  defaultUrl: string;
  email: string;
  password: string;
}

export async function runChats(argv: string[], demo: ChatsOptions): Promise<number> {
  const { values: args } = parseArgs({
    args: argv,
    options: {
      chats: { type: "boolean" },
      url: { type: "string" },
      count: { type: "string" },
      interval: { type: "string", default: "5" },
      "telegram-port": { type: "string", default: String(DEFAULT_PORTS.telegram) },
      "whatsapp-port": { type: "string", default: String(DEFAULT_PORTS.whatsapp) },
      "avito-port": { type: "string", default: String(DEFAULT_PORTS.avito) },
    },
  });
  const appUrl = (args.url ?? demo.defaultUrl).replace(/\/+$/, "");
  const count = args.count === undefined ? Infinity : Number(args.count);
  const intervalMs = Number(args.interval) * 1000;
  const ports = {
    telegram: Number(args["telegram-port"]),
    whatsapp: Number(args["whatsapp-port"]),
    avito: Number(args["avito-port"]),
  };
  if (!(count >= 0) || !(intervalMs >= 0) || !Object.values(ports).every((p) => p > 0 && p < 65536)) {
    console.error(
      "usage: npm run demo -- --chats [--url URL] [--count N] [--interval SECONDS] [--telegram-port P]…",
    );
    return 2;
  }
  const fakeUrl = (c: Channel) => `http://127.0.0.1:${ports[c]}`;
  const startCommand = `${CHANNELS.map((c) => `${ENV_NAMES[c]}=${fakeUrl(c)}`).join(" ")} npm start`;

  const tg = await startTelegramFake({ tokens: [TELEGRAM_TOKEN] });
  const wa = await startWhatsAppFake({ ...WHATSAPP, verifiedName: "ООО «Пламя»" });
  const avito = await startAvitoFake({ ...AVITO, accountName: "ООО «Пламя»" });
  const fakes = { telegram: tg, whatsapp: wa, avito };
  const proxies: Server[] = [];
  /** Requests the app made to each fake: how the script tells whether the app calls them at all. */
  const seen: Record<Channel, number> = { telegram: 0, whatsapp: 0, avito: 0 };
  let stopping = false;
  const timers = new Set<NodeJS.Timeout>();

  const shutdown = async () => {
    stopping = true;
    for (const t of timers) clearTimeout(t);
    for (const p of proxies) p.closeAllConnections();
    await Promise.all(proxies.map((p) => new Promise((resolve) => p.close(resolve))));
    await Promise.all([tg.close(), wa.close(), avito.close()]);
  };

  try {
    try {
      for (const c of CHANNELS) {
        proxies.push(
          await forward(ports[c], fakes[c].url, () => {
            seen[c]++;
          }),
        );
      }
    } catch (err) {
      console.error(
        `Cannot listen on the fakes' ports (${(err as Error).message}); choose others with --telegram-port, --whatsapp-port, --avito-port.`,
      );
      return 1;
    }
    console.log(`Fakes: ${CHANNELS.map((c) => `${NAMES[c]} ${fakeUrl(c)}`).join(", ")}`);

    // --- the app and the demo owner --------------------------------------------------------------
    const health = await fetch(`${appUrl}/api/health`).catch(() => null);
    if (!health) {
      console.error(`No app answers at ${appUrl}. Start it with the fakes' URLs:\n  ${startCommand}`);
      return 1;
    }
    const signIn = await fetch(`${appUrl}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: appUrl },
      body: JSON.stringify({ email: demo.email, password: demo.password }),
    });
    if (signIn.status !== 200) {
      console.error(`Cannot sign in as ${demo.email} (${signIn.status}): run \`npm run demo\` first.`);
      return 1;
    }
    const cookie = signIn.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    const api = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${appUrl}${path}`, {
        method,
        headers: {
          cookie,
          origin: appUrl,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      let json: Record<string, unknown> = {};
      try {
        json = JSON.parse(text) as Record<string, unknown>;
      } catch {
        json = { error: { message: text.slice(0, 200) } };
      }
      return { status: res.status, json };
    };

    // --- channels: connected once, checked against the fakes on every run ------------------------
    const callbackUrls: Partial<Record<Channel, string>> = {};
    for (const c of CHANNELS) {
      const list = await api("GET", SETTINGS_PATH[c]);
      const { items } = list.json as {
        items?: { account: Record<string, unknown>; id: string; status: string }[];
      };
      const existing = Array.isArray(items)
        ? items.find((i) => isOurs[c](i.account) && i.status !== "disconnected")
        : undefined;
      const routing = { ...ROUTING[c], autoCreateContact: true, unsortedForNewChats: true };
      const before = seen[c];
      // PATCHing the same credentials makes the app check them with the provider again and register its
      // webhook again: the new fake of this run learns the Avito subscription, and the call proves
      // which provider the app talks to.
      const res = existing
        ? await api("PATCH", `${SETTINGS_PATH[c]}/${existing.id}`, {
            credentials: CREDENTIALS[c],
            ...routing,
          })
        : await api("POST", SETTINGS_PATH[c], {
            name: `${NAMES[c]} (демо)`,
            credentials: CREDENTIALS[c],
            ...routing,
          });
      if (res.status >= 300) {
        const message =
          (res.json?.error as { message?: string } | undefined)?.message ?? JSON.stringify(res.json);
        if (seen[c] === before) {
          console.error(
            `The app at ${appUrl} does not call the fake ${NAMES[c]} (${message}).\n` +
              `Restart it with the fakes' URLs:\n  ${startCommand}`,
          );
        } else console.error(`Connecting ${NAMES[c]} failed: ${res.status} ${message}`);
        return 1;
      }
      callbackUrls[c] = String(res.json.callbackUrl ?? "");
      console.log(
        `${existing ? "Checked" : "Connected"} ${NAMES[c]}: ${routing.autoCreateDeal ? "new chats become deals" : "new chats wait in Unsorted"}`,
      );
      // The app looks for newly connected polling bots every 30 s (telegram-poller.ts `rescanMs`).
      if (c === "telegram" && !existing && res.json.delivery === "polling") {
        console.log("  (the app starts polling a new bot within 30 s: the first Telegram messages may wait)");
      }
    }
    // A manager can answer a chat of an earlier run: the new fake must know it.
    for (const client of CLIENTS) if (client.channel === "telegram") tg.addChat(tgChat(client));
    console.log(
      `Open ${appUrl} as ${demo.email} (password ${demo.password}) and watch the inbox. Ctrl+C stops.`,
    );

    // --- clients write -------------------------------------------------------------------------
    // Telegram forgets updates below the app's stored offset, and the app stores a chat's message once:
    // ids that grow with the clock keep a new run's updates above an earlier run's.
    let nextTelegramId = (Math.floor(Date.now() / 1000) - 1_750_000_000) * 20;
    const unpolled = new Set<number>();
    let failures = 0;

    const write = async (client: Client, text: string) => {
      if (client.channel === "telegram") {
        const id = nextTelegramId++;
        const from = telegramUser(
          client.telegramChatId,
          client.firstName,
          client.lastName,
          `client_${client.k}`,
        );
        const { message } = textUpdate({ chatId: client.telegramChatId, text, from });
        const result = await tg.pushUpdate({ update_id: id, message: { ...message!, message_id: id } });
        if (result === "queued") unpolled.add(id);
        else if (result !== 200) failures++;
        return result === "queued" ? "queued for getUpdates" : `webhook answered ${result}`;
      }
      if (client.channel === "whatsapp") {
        const { status } = await wa.pushMessage(callbackUrls.whatsapp ?? "", {
          from: client.phone,
          name: client.name,
          text,
        });
        if (status !== 200) failures++;
        return `webhook answered ${status}`;
      }
      const { deliveries } = await avito.pushMessage({
        chatId: client.avitoChatId,
        itemId: client.avitoItemId,
        authorId: client.avitoAuthorId,
        text,
      });
      const statuses = deliveries.flatMap((d) => d.statuses);
      if (!deliveries.some((d) => d.delivered)) failures++;
      return `webhook answered ${statuses.join(", ") || "nothing (no subscription)"}`;
    };
    const say = async (client: Client, text: string) => {
      const how = await write(client, text).catch((err: unknown) => {
        failures++;
        return `failed: ${(err as Error).message}`;
      });
      console.log(`→ ${NAMES[client.channel].padEnd(8)} ${client.name}: «${text}» (${how})`);
    };

    // --- managers answer: each client replies once, after a short pause ------------------------------
    const answered = new Set<number>();
    let answering = 0;
    const read = { telegram: 0, whatsapp: 0, avito: 0 };
    const watchReplies = () => {
      const find = (match: (c: Client) => boolean) => CLIENTS.find(match);
      const replies = [
        ...tg.sent.slice(read.telegram).map((s) => ({
          channel: "telegram" as const,
          text: s.text,
          client: find((c) => c.telegramChatId === Number(s.chatId)),
        })),
        ...wa.sent.slice(read.whatsapp).map((s) => ({
          channel: "whatsapp" as const,
          text: s.text ?? `[${s.template ? `template ${s.template.name}` : s.type}]`,
          client: find((c) => c.phone === s.to.replace(/\D/g, "")),
        })),
        ...avito.sent.slice(read.avito).map((s) => ({
          channel: "avito" as const,
          text: s.text,
          client: find((c) => c.avitoChatId === s.chatId),
        })),
      ];
      read.telegram = tg.sent.length;
      read.whatsapp = wa.sent.length;
      read.avito = avito.sent.length;
      for (const { channel, text, client } of replies) {
        console.log(`← ${NAMES[channel].padEnd(8)} manager to ${client?.name ?? "someone else"}: «${text}»`);
        if (!client || answered.has(client.k)) continue;
        answered.add(client.k);
        answering++;
        const timer = setTimeout(() => {
          timers.delete(timer);
          if (!stopping) void say(client, client.messages[1] ?? "Спасибо!").finally(() => answering--);
        }, 3000);
        timers.add(timer);
      }
    };
    const watcher = setInterval(watchReplies, 300);

    const stopped = new Promise<void>((resolve) => {
      const stop = () => {
        stopping = true;
        resolve();
      };
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    });
    const pause = (ms: number) =>
      Promise.race([stopped, new Promise<void>((resolve) => timers.add(setTimeout(resolve, ms)))]);

    try {
      for (let i = 0; i < count && !stopping; i++) {
        if (i > 0) await pause(intervalMs);
        if (stopping) break;
        const client = CLIENTS[i % CLIENTS.length] as Client;
        // After a full round the same clients write again, in the chats they already have.
        await say(client, i < CLIENTS.length ? (client.messages[0] ?? "") : "Есть новости по моему вопросу?");
      }
      if (count === Infinity) await stopped;
      // The app takes Telegram updates when it polls, and a client may still owe an answer: the fakes
      // live until both are done.
      else {
        const deadline = Date.now() + 75_000;
        if (unpolled.size > 0)
          console.log("Waiting for the app to poll Telegram (it looks for new bots every 30 s)…");
        while (Date.now() < deadline && !stopping) {
          const pending = new Set(tg.pending().map((u) => u.update_id));
          for (const id of unpolled) if (!pending.has(id)) unpolled.delete(id);
          if (unpolled.size === 0 && answering === 0) break;
          await pause(300);
        }
        if (unpolled.size > 0) {
          console.error(
            `The app did not poll ${unpolled.size} Telegram message(s); is it running with ${ENV_NAMES.telegram}=${fakeUrl("telegram")}?`,
          );
          failures++;
        }
      }
    } finally {
      clearInterval(watcher);
    }
    return failures > 0 ? 1 : 0;
  } finally {
    await shutdown();
  }
}

function tgChat(client: Client) {
  return {
    id: client.telegramChatId,
    type: "private" as const,
    first_name: client.firstName,
    last_name: client.lastName,
  };
}

/** Listens on a fixed local port and passes every request to the fake (which listens on a random one). */
async function forward(port: number, target: string, onRequest: () => void): Promise<Server> {
  const upstream = new URL(target);
  const server = createServer((req, res) => {
    onRequest();
    const out = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    out.on("error", () => (res.headersSent ? res.destroy() : res.writeHead(502).end()));
    // The app gave up (a long getUpdates abandoned on shutdown): the fake must see it too.
    res.on("close", () => {
      if (!res.writableFinished) out.destroy();
    });
    req.pipe(out);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  return server;
}
