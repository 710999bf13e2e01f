// A local WhatsApp Business Cloud API (Meta Graph) for tests, after ../shared/PROTOCOLS.md §2: Bearer
// auth with Graph's 401/190, the send/read/phone/media/subscribed_apps endpoints and their answers,
// Graph's error envelope on demand, and pushes of signed webhook deliveries to a CRM URL.
import { createHash, createHmac, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type {
  WhatsAppInboundMessage,
  WhatsAppStatus,
  WhatsAppWebhook,
} from "../../src/server/integrations/messaging/whatsapp/webhook.ts";

export interface WhatsAppFakeOptions {
  accessToken: string;
  phoneNumberId: string;
  wabaId: string;
  appSecret: string;
  displayPhoneNumber?: string;
  verifiedName?: string;
  qualityRating?: string;
}

/** A message the fake accepted on `POST /<version>/<phone_number_id>/messages`. */
export interface FakeSentMessage {
  id: string;
  to: string;
  type: string;
  text?: string;
  replyTo?: string;
  template?: { name: string; language: string; components?: unknown };
  /** An image or document message: the uploaded media it refers to. */
  media?: { id: string; caption?: string; filename?: string };
  /** The JSON body as the client sent it. */
  body: Record<string, unknown>;
}

/** A file the CRM uploaded to `POST /<version>/<phone_number_id>/media`. */
export interface FakeUpload {
  id: string;
  bytes: Buffer;
  mimeType: string;
  fileName: string;
}

export interface FakeFailure {
  /** Graph `error.code`, e.g. 130429, 131047, 190. */
  code: number;
  /** HTTP status; Graph mostly uses 400, sometimes 429. */
  status: number;
  /** Seconds, sent as `Retry-After`. */
  retryAfter?: number;
  message?: string;
  details?: string;
}

export interface PushOptions {
  /** "forged" signs with another secret, "none" leaves `X-Hub-Signature-256` out. */
  signature?: "valid" | "forged" | "none";
}

export interface PushResult {
  status: number;
  body: string;
  /** The exact bytes POSTed (the ones the signature covers). */
  raw: Buffer;
  payload: WhatsAppWebhook;
}

export interface Ids {
  wabaId: string;
  phoneNumberId: string;
  displayPhoneNumber?: string;
}

const TITLES: Record<number, string> = {
  100: "Invalid parameter",
  130429: "Rate limit hit",
  131026: "Message undeliverable",
  131047: "Re-engagement message",
  131048: "Spam rate limit hit",
  131056: "(Business Account, Consumer Account) pair rate limit hit",
};

/** WhatsApp's largest media (documents). */
const MAX_UPLOAD_BYTES = 100 * 1024 * 1024;

export const newWamid = () => `wamid.HBgL${randomBytes(24).toString("base64url")}`;
const traceId = () => randomBytes(8).toString("base64url");

/** A delivery with one `changes[]` item of field "messages", as Meta batches it. */
export function buildWebhook(
  ids: Ids,
  value: Partial<WhatsAppWebhook["entry"][number]["changes"][number]["value"]>,
) {
  const metadata = {
    display_phone_number: ids.displayPhoneNumber ?? "74951234567",
    phone_number_id: ids.phoneNumberId,
  };
  return {
    object: "whatsapp_business_account",
    entry: [
      {
        id: ids.wabaId,
        changes: [{ field: "messages", value: { messaging_product: "whatsapp", metadata, ...value } }],
      },
    ],
  } satisfies WhatsAppWebhook;
}

export interface InboundInput {
  from: string;
  name?: string;
  text?: string;
  id?: string;
  /** Unix seconds; now by default. */
  timestamp?: number;
  replyTo?: string;
  media?: {
    type: "image" | "video" | "audio" | "document" | "sticker";
    id: string;
    mimeType: string;
    caption?: string;
    filename?: string;
  };
}

export function buildMessageWebhook(ids: Ids, input: InboundInput) {
  const message: WhatsAppInboundMessage = {
    from: input.from,
    id: input.id ?? newWamid(),
    timestamp: String(input.timestamp ?? Math.floor(Date.now() / 1000)),
    type: input.media?.type ?? "text",
    ...(input.replyTo
      ? { context: { from: ids.displayPhoneNumber ?? "74951234567", id: input.replyTo } }
      : {}),
  };
  if (input.media) {
    const { type, id, mimeType, caption, filename } = input.media;
    message[type] = {
      id,
      mime_type: mimeType,
      sha256: randomBytes(32).toString("base64"),
      caption,
      filename,
    };
  } else message.text = { body: input.text ?? "" };
  const contact =
    input.name === undefined ? { wa_id: input.from } : { profile: { name: input.name }, wa_id: input.from };
  return buildWebhook(ids, { contacts: [contact], messages: [message] });
}

export interface StatusInput {
  id: string;
  status: "sent" | "delivered" | "read" | "failed";
  recipientId?: string;
  timestamp?: number;
  error?: { code: number; title?: string; details?: string };
}

export function buildStatusWebhook(ids: Ids, input: StatusInput) {
  const status: WhatsAppStatus = {
    id: input.id,
    status: input.status,
    timestamp: String(input.timestamp ?? Math.floor(Date.now() / 1000)),
    recipient_id: input.recipientId ?? "79161234567",
  };
  if (input.error) {
    const title = input.error.title ?? TITLES[input.error.code] ?? "Failure";
    status.errors = [
      {
        code: input.error.code,
        title,
        message: title,
        error_data: { details: input.error.details ?? title },
      },
    ];
  }
  return buildWebhook(ids, { statuses: [status] });
}

function graphError(res: ServerResponse, f: FakeFailure) {
  const title = f.message ?? TITLES[f.code] ?? "Fake failure";
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (f.retryAfter !== undefined) headers["retry-after"] = String(f.retryAfter);
  const error = {
    message: f.code === 190 ? title : `(#${f.code}) ${title}`,
    type: "OAuthException",
    code: f.code,
    error_data: { messaging_product: "whatsapp", details: f.details ?? title },
    fbtrace_id: traceId(),
  };
  res.writeHead(f.status, headers).end(JSON.stringify({ error }));
}

const json = (res: ServerResponse, body: unknown) =>
  res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Starts the fake on 127.0.0.1; point the client's baseUrl at `url`. */
export async function startWhatsAppFake(options: WhatsAppFakeOptions) {
  const sent: FakeSentMessage[] = [];
  const reads: string[] = [];
  const subscriptions: string[] = [];
  const closedWindows = new Set<string>();
  const failures: FakeFailure[] = [];
  const rawAnswers: { status: number; body: string; contentType?: string }[] = [];
  const delays: number[] = [];
  const media = new Map<string, { bytes: Buffer; mimeType: string }>();
  const uploads: FakeUpload[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const invalid = (res: ServerResponse, details: string) =>
    graphError(res, { code: 100, status: 400, details });

  function send(res: ServerResponse, body: Record<string, unknown>) {
    if (body.status === "read") {
      if (typeof body.message_id !== "string" || !body.message_id.startsWith("wamid."))
        return invalid(res, "message_id");
      reads.push(body.message_id);
      return json(res, { success: true });
    }
    const to = typeof body.to === "string" ? body.to : "";
    const waId = to.replace(/\D/g, "");
    if (!waId) return invalid(res, "The parameter to is required.");
    const type = typeof body.type === "string" ? body.type : "text";
    const record: FakeSentMessage = { id: newWamid(), to, type, body };
    const context = body.context as { message_id?: string } | undefined;
    if (context?.message_id) record.replyTo = context.message_id;
    if (type === "template") {
      const t = body.template as
        | { name?: unknown; language?: { code?: unknown }; components?: unknown }
        | undefined;
      if (typeof t?.name !== "string" || typeof t.language?.code !== "string")
        return invalid(res, "template");
      record.template = { name: t.name, language: t.language.code, components: t.components };
    } else if (closedWindows.has(waId)) {
      return graphError(res, {
        code: 131047,
        status: 400,
        details:
          "Message failed to send because more than 24 hours have passed since the customer last replied to this number.",
      });
    } else if (type === "text") {
      const text = (body.text as { body?: unknown } | undefined)?.body;
      if (typeof text !== "string" || text === "" || text.length > 4096) return invalid(res, "text.body");
      record.text = text;
    } else if (!(body[type] && typeof body[type] === "object")) return invalid(res, `${type} object`);
    else {
      const m = body[type] as { id?: unknown; link?: unknown; caption?: unknown; filename?: unknown };
      if (typeof m.id === "string") {
        if (!media.has(m.id)) return invalid(res, `${type}.id: the media does not exist`);
        record.media = {
          id: m.id,
          ...(typeof m.caption === "string" && { caption: m.caption }),
          ...(typeof m.filename === "string" && { filename: m.filename }),
        };
      } else if (typeof m.link !== "string") return invalid(res, `${type}.id or ${type}.link`);
    }
    sent.push(record);
    json(res, {
      messaging_product: "whatsapp",
      contacts: [{ input: to, wa_id: waId }],
      messages: [{ id: record.id }],
    });
  }

  /** Graph's media upload: multipart `messaging_product=whatsapp`, `type` (the MIME type) and `file`. */
  async function upload(req: IncomingMessage, res: ServerResponse) {
    const type = req.headers["content-type"] ?? "";
    if (!type.startsWith("multipart/form-data"))
      return invalid(res, "Upload the file as multipart/form-data");
    let form: FormData;
    try {
      form = await new Response(await readBody(req), { headers: { "content-type": type } }).formData();
    } catch {
      return invalid(res, "The multipart body cannot be read");
    }
    const file = form.get("file");
    if (form.get("messaging_product") !== "whatsapp") return invalid(res, "messaging_product");
    if (!(file instanceof File)) return invalid(res, "file");
    const mimeType = String(form.get("type") ?? "");
    if (!mimeType) return invalid(res, "type");
    if (file.size > MAX_UPLOAD_BYTES) return invalid(res, "The file is larger than WhatsApp accepts");
    const bytes = Buffer.from(await file.arrayBuffer());
    const id = fake.addMedia(bytes, mimeType);
    uploads.push({ id, bytes, mimeType, fileName: file.name });
    json(res, { id });
  }

  async function graph(req: IncomingMessage, res: ServerResponse, url: URL) {
    const [, version, id, edge, ...rest] = url.pathname.split("/");
    if (!/^v\d+\.\d+$/.test(version ?? "") || !id || rest.length) return invalid(res, "Unknown path");
    const failure = failures.shift();
    if (failure) return graphError(res, failure);
    const raw = rawAnswers.shift();
    if (raw)
      return res.writeHead(raw.status, { "content-type": raw.contentType ?? "text/html" }).end(raw.body);
    const route = `${req.method} ${edge ?? ""}`;
    if (route === "GET " && id === options.phoneNumberId) {
      return json(res, {
        verified_name: options.verifiedName ?? "Flame Test",
        display_phone_number: options.displayPhoneNumber ?? "+7 495 123-45-67",
        quality_rating: options.qualityRating ?? "GREEN",
        id,
      });
    }
    const file = media.get(id);
    if (route === "GET " && file) {
      const owner = url.searchParams.get("phone_number_id");
      if (owner && owner !== options.phoneNumberId) return invalid(res, "phone_number_id");
      return json(res, {
        messaging_product: "whatsapp",
        url: `${fake.url}/whatsapp_business/attachments/?mid=${id}&ext=${Date.now()}`,
        mime_type: file.mimeType,
        sha256: createHash("sha256").update(file.bytes).digest("hex"),
        file_size: file.bytes.length,
        id,
      });
    }
    if (route === "POST messages" && id === options.phoneNumberId) {
      let body: unknown;
      try {
        body = JSON.parse((await readBody(req)).toString("utf8"));
      } catch {
        return invalid(res, "The request body is not JSON");
      }
      const record = body as Record<string, unknown> | null;
      if (record?.messaging_product !== "whatsapp") return invalid(res, "messaging_product");
      return send(res, record);
    }
    if (route === "POST media" && id === options.phoneNumberId) return upload(req, res);
    if (route === "POST subscribed_apps" && id === options.wabaId) {
      subscriptions.push(id);
      return json(res, { success: true });
    }
    graphError(res, {
      code: 100,
      status: 400,
      message: `Unsupported ${req.method} request. Object with ID '${id}' does not exist`,
    });
  }

  function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (req.headers.authorization !== `Bearer ${options.accessToken}`) {
      res.setHeader(
        "www-authenticate",
        'OAuth "Facebook Platform" "invalid_token" "Invalid OAuth access token"',
      );
      return graphError(res, {
        code: 190,
        status: 401,
        message: "Invalid OAuth access token - Cannot parse access token",
      });
    }
    if (url.pathname === "/whatsapp_business/attachments/") {
      const file = media.get(url.searchParams.get("mid") ?? "");
      if (!file) return res.writeHead(404, { "content-type": "text/plain" }).end("Not found");
      return res
        .writeHead(200, { "content-type": file.mimeType, "content-length": file.bytes.length })
        .end(file.bytes);
    }
    void graph(req, res, url).catch(() => res.writeHead(500).end());
  }

  const server = createServer((req, res) => {
    const delay = delays.shift();
    if (delay === undefined) return handle(req, res);
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (!res.destroyed) handle(req, res);
    }, delay);
    timers.add(timer);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));

  const ids: Ids = { wabaId: options.wabaId, phoneNumberId: options.phoneNumberId };
  async function push(
    callbackUrl: string,
    payload: WhatsAppWebhook,
    opts: PushOptions = {},
  ): Promise<PushResult> {
    const raw = Buffer.from(JSON.stringify(payload));
    const headers: Record<string, string> = {
      "content-type": "application/json",
      "user-agent": "facebookexternalua",
    };
    const secret = opts.signature === "forged" ? `${options.appSecret}-forged` : options.appSecret;
    if (opts.signature !== "none") {
      headers["x-hub-signature-256"] = `sha256=${createHmac("sha256", secret).update(raw).digest("hex")}`;
    }
    const res = await fetch(callbackUrl, {
      method: "POST",
      headers,
      body: raw,
      signal: AbortSignal.timeout(5000),
    });
    return { status: res.status, body: await res.text(), raw, payload };
  }

  const fake = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    sent,
    /** `wamid`s the CRM marked read. */
    reads,
    /** Files the CRM uploaded to `/media`, with the bytes received. */
    uploads,
    /** WABA ids the app subscribed to. */
    subscriptions,
    /** Free-form messages to this wa_id now fail with 131047; templates still go. */
    closeWindow: (waId: string) => void closedWindows.add(waId),
    openWindow: (waId: string) => void closedWindows.delete(waId),
    /** The next Graph call (not a media download) answers with this error; queue several by calling again. */
    failNext: (failure: FakeFailure) => void failures.push(failure),
    /** The next Graph call answers exactly this (a proxy page, a cut body). */
    answerNextRaw: (answer: { status: number; body: string; contentType?: string }) =>
      void rawAnswers.push(answer),
    /** The next request (of any kind) waits this long before it is handled. */
    delayNext: (ms: number) => void delays.push(ms),
    /** Stores a file the way a user's upload is stored; returns its media id. */
    addMedia(bytes: Buffer, mimeType: string): string {
      const id = String(1e15 + media.size + Math.floor(Math.random() * 1e9));
      media.set(id, { bytes, mimeType });
      return id;
    },
    /** Meta's verification GET against the CRM's callback URL. */
    async handshake(
      callbackUrl: string,
      verifyToken: string,
      challenge = String(randomBytes(4).readUInt32BE()),
    ) {
      const url = new URL(callbackUrl);
      url.searchParams.set("hub.mode", "subscribe");
      url.searchParams.set("hub.challenge", challenge);
      url.searchParams.set("hub.verify_token", verifyToken);
      const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
      return { status: res.status, body: await res.text(), challenge };
    },
    /** POSTs an arbitrary delivery, signed over the exact bytes sent. */
    push,
    /** A user writes to the business: the delivery Meta makes (the user's window opens again). */
    pushMessage(callbackUrl: string, input: InboundInput, opts?: PushOptions) {
      closedWindows.delete(input.from.replace(/\D/g, ""));
      return push(callbackUrl, buildMessageWebhook(ids, input), opts);
    },
    /** What happened to a message the CRM sent. */
    pushStatus: (callbackUrl: string, input: StatusInput, opts?: PushOptions) =>
      push(callbackUrl, buildStatusWebhook(ids, input), opts),
    close() {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return fake;
}

export type WhatsAppFake = Awaited<ReturnType<typeof startWhatsAppFake>>;
