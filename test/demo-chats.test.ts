// `npm run demo -- --chats` as a person uses it: the real server process started with the fakes' URLs,
// `npm run demo`, then simulated clients writing through Telegram (polled), WhatsApp and Avito (webhooks).
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createTestDatabase, TEST_ENCRYPTION_KEY, type TestDatabase } from "./support/postgres.ts";
import { type ServerProcess, spawnServer } from "./support/process.ts";

const root = path.resolve(import.meta.dirname, "..");
let db: TestDatabase | undefined;
let server: ServerProcess | undefined;
const children = new Set<ChildProcess>();
afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
  await server?.stop();
  await db?.drop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function freePort() {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** `node scripts/demo.ts <args>`; resolves when it exits. */
function demo(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, [path.join(root, "scripts/demo.ts"), ...args], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", ...env },
  });
  children.add(child);
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  return {
    output: () => stdout,
    kill: (signal: NodeJS.Signals) => child.kill(signal),
    exited: async () => ({ status: await exited, stdout, stderr }),
  };
}

interface Conversation {
  id: string;
  channel: string;
  title: string;
  contactId: string | null;
  contactName: string | null;
  dealId: string | null;
  lastMessage: { text: string; direction: string } | null;
}

describe("npm run demo -- --chats", () => {
  it("connects the three channels and its clients' messages arrive as contacts, deals and Unsorted leads", async () => {
    db = await createTestDatabase();
    const [appPort, telegram, whatsapp, avito] = await Promise.all([1, 2, 3, 4].map(() => freePort()));
    const appUrl = `http://127.0.0.1:${appPort}`;
    const chatsArgs = [
      "--chats",
      `--url=${appUrl}`,
      `--telegram-port=${telegram}`,
      `--whatsapp-port=${whatsapp}`,
      `--avito-port=${avito}`,
    ];

    const withFakes = {
      DATABASE_URL: db.url,
      PORT: String(appPort),
      PUBLIC_URL: appUrl,
      FLAME_TELEGRAM_API_URL: `http://127.0.0.1:${telegram}`,
      FLAME_WHATSAPP_API_URL: `http://127.0.0.1:${whatsapp}`,
      FLAME_AVITO_API_URL: `http://127.0.0.1:${avito}`,
    };
    server = spawnServer(withFakes);
    await server.running();
    const created = await demo([], {
      DATABASE_URL: db.url,
      FLAME_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
    }).exited();
    expect(created.status, created.stderr).toBe(0);
    const connected = await demo([...chatsArgs, "--count=0"], {}).exited();
    expect(connected.status, connected.stderr).toBe(0);
    expect(connected.stdout).toContain("Connected Telegram");
    await server.stop();

    // Started again without the fakes' URLs: the channels' check fails, and the script says how to start.
    server = spawnServer({ DATABASE_URL: db.url, PORT: String(appPort), PUBLIC_URL: appUrl });
    await server.running();
    const refused = await demo([...chatsArgs, "--count=1"], {}).exited();
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(
      `FLAME_TELEGRAM_API_URL=http://127.0.0.1:${telegram} FLAME_WHATSAPP_API_URL=http://127.0.0.1:${whatsapp} FLAME_AVITO_API_URL=http://127.0.0.1:${avito} npm start`,
    );
    await server.stop();

    // With the fakes' URLs again (a start polls the connected bot at once; a new bot waits up to 30 s).
    server = spawnServer(withFakes);
    await server.running();

    const signIn = await fetch(`${appUrl}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: appUrl },
      body: JSON.stringify({ email: "manager@demo.flame.local", password: "flame-demo-2026" }),
    });
    expect(signIn.status).toBe(200);
    const headers = {
      origin: appUrl,
      cookie: signIn.headers
        .getSetCookie()
        .map((c) => c.split(";")[0])
        .join("; "),
    };
    const get = async <T>(url: string) => (await (await fetch(`${appUrl}${url}`, { headers })).json()) as T;

    const run = await demo([...chatsArgs, "--count=3", "--interval=0.2"], {}).exited();
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stdout).toContain("Checked Telegram: new chats become deals");
    expect(run.stdout.match(/^→ /gm)).toHaveLength(3);

    const conversations = async () => (await get<{ items: Conversation[] }>("/api/conversations")).items;
    const items = await conversations();
    const byChannel = Object.fromEntries(items.map((c) => [c.channel, c]));
    expect(Object.keys(byChannel).sort()).toEqual(["avito", "telegram", "whatsapp"]);
    expect(byChannel.telegram).toMatchObject({
      contactName: "Анна Кузнецова",
      lastMessage: { text: "Здравствуйте, сколько стоит доставка в Казань?", direction: "inbound" },
    });
    expect(byChannel.whatsapp).toMatchObject({
      contactName: "Игорь Петров",
      dealId: null,
      lastMessage: { text: "Добрый день! Есть ли в наличии диван «Осло» в сером цвете?" },
    });
    expect(byChannel.avito?.lastMessage?.text).toBe("Здравствуйте, ещё актуально?");
    for (const c of items) expect(c.contactId, c.channel).not.toBeNull();
    // Telegram and Avito make deals at once; WhatsApp chats wait in Unsorted.
    expect(byChannel.telegram?.dealId).not.toBeNull();
    expect(byChannel.avito?.dealId).not.toBeNull();
    const unsorted = await get<{ items: { channel: string }[] }>("/api/unsorted");
    expect(unsorted.items.map((l) => l.channel)).toEqual(["whatsapp"]);

    // Running until Ctrl+C: a manager answers the WhatsApp client, who writes back once, after a pause.
    const live = demo([...chatsArgs, "--interval=60"], {});
    for (let i = 0; i < 100 && !live.output().includes("Ctrl+C stops"); i++) await sleep(100);
    const reply = await fetch(`${appUrl}/api/conversations/${byChannel.whatsapp?.id}/messages`, {
      method: "POST",
      headers: { ...headers, "content-type": "application/json" },
      body: JSON.stringify({ text: "Добрый день! Да, есть, доставим завтра." }),
    });
    expect(reply.status).toBe(202);
    let answer: Conversation | undefined;
    for (let i = 0; i < 100 && answer?.lastMessage?.direction !== "inbound"; i++) {
      await sleep(200);
      answer = (await conversations()).find((c) => c.id === byChannel.whatsapp?.id);
    }
    expect(answer?.lastMessage, live.output()).toEqual(
      expect.objectContaining({ text: "Отлично, беру. Как оформить?", direction: "inbound" }),
    );
    live.kill("SIGINT");
    const stopped = await live.exited();
    expect(stopped.status, stopped.stderr).toBe(0);
    expect(stopped.stdout).toContain("manager to Игорь Петров: «Добрый день! Да, есть, доставим завтра.»");
    expect(stopped.stdout).toContain("→ WhatsApp Игорь Петров: «Отлично, беру. Как оформить?»");
  }, 90_000);
});
