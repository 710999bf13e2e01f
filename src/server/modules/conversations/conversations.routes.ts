import fastifyMultipart from "@fastify/multipart";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { sendMessageJob } from "../../integrations/messaging/outbound/send.job.ts";
import { actorOf } from "../../platform/actor.ts";
import { AppError } from "../../platform/errors.ts";
import { fileAnswer } from "../../platform/openapi.ts";
import type { Platform } from "../../platform/platform.ts";
import {
  conversationListQuery,
  conversationPatch,
  conversationSchema,
  mediaParams,
  messageListQuery,
  messageSchema,
  replyInput,
} from "./conversations.schemas.ts";
import {
  getConversation,
  listConversations,
  listMessages,
  markRead,
  reply,
  updateConversation,
} from "./conversations.service.ts";
import { contentDisposition, getMessageMedia, isInlineType, safeContentType } from "./media.service.ts";
import { REPLY_MULTIPART_LIMITS, readFileReply } from "./reply-file.ts";

const tags = ["conversations"];
const params = z.object({ id: z.string().min(1).max(64) });
const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export const conversationsRoutes =
  (platform: Platform): FastifyPluginAsyncZod =>
  async (app) => {
    const deps = {
      db: platform.database.db,
      outbox: platform.outbox,
      jobs: platform.jobs,
      sendJob: sendMessageJob(platform),
    };
    // Encapsulated: only these routes read multipart bodies (a reply with a file).
    await app.register(fastifyMultipart, { limits: REPLY_MULTIPART_LIMITS });

    app.get(
      "/api/conversations",
      {
        schema: {
          tags,
          summary: "The inbox: conversations the caller may see, newest activity first, keyset-paginated",
          querystring: conversationListQuery,
          response: { 200: pageOf(conversationSchema) },
        },
      },
      async (request) => listConversations(deps.db, actorOf(request), request.query),
    );

    app.get(
      "/api/conversations/:id",
      { schema: { tags, summary: "One conversation", params, response: { 200: conversationSchema } } },
      async (request) => getConversation(deps.db, actorOf(request), request.params.id),
    );

    app.patch(
      "/api/conversations/:id",
      {
        schema: {
          tags,
          summary: "Assign a conversation or link it to a deal",
          params,
          body: conversationPatch,
          response: { 200: conversationSchema },
        },
      },
      async (request) => updateConversation(deps, actorOf(request), request.params.id, request.body),
    );

    app.post(
      "/api/conversations/:id/read",
      {
        schema: { tags, summary: "Mark a conversation read", params, response: { 200: conversationSchema } },
      },
      async (request) => markRead(deps, actorOf(request), request.params.id),
    );

    app.get(
      "/api/conversations/:id/messages",
      {
        schema: {
          tags,
          summary: "A conversation's messages, newest first by default, keyset-paginated",
          params,
          querystring: messageListQuery,
          response: { 200: pageOf(messageSchema) },
        },
      },
      async (request) => listMessages(deps.db, actorOf(request), request.params.id, request.query),
    );

    app.post(
      "/api/conversations/:id/messages",
      {
        schema: {
          tags,
          summary:
            "Reply: the message is queued and sent by a durable job. JSON `{text}` or `{template}`, or " +
            "multipart `file` (up to 20 MB, Telegram and WhatsApp) with an optional `caption`",
          consumes: ["application/json", "multipart/form-data"],
          params,
          // Optional only so a multipart body (which has none) reaches the handler; JSON is checked here.
          body: replyInput.nullish(),
          response: { 202: messageSchema },
        },
      },
      async (request, reply_) => {
        const input = request.isMultipart() ? await readFileReply(request.parts()) : request.body;
        if (!input) throw new AppError("validation_failed", "Send {text}, {template} or a file");
        return reply_.status(202).send(await reply(deps, actorOf(request), request.params.id, input));
      },
    );

    app.get(
      "/api/conversations/:id/messages/:messageId/media/:index",
      {
        schema: {
          tags,
          summary:
            "A message's file (index in its `media`): ours from the CRM, the client's fetched from the provider",
          params: mediaParams,
          ...fileAnswer("*/*", "The file, with its own content type and a Content-Disposition name"),
        },
      },
      async (request, reply_) => {
        const file = await getMessageMedia(
          { db: deps.db, config: platform.config, secrets: platform.secrets },
          actorOf(request),
          request.params,
        );
        const inline = isInlineType(file.mimeType);
        return (
          reply_
            .type(safeContentType(file.mimeType))
            .header("content-disposition", contentDisposition(file.fileName, inline))
            .header("x-content-type-options", "nosniff")
            // A file opened from our origin must not run anything there.
            .header(
              "content-security-policy",
              "default-src 'none'; img-src 'self'; media-src 'self'; sandbox",
            )
            .header("cache-control", "private, max-age=3600")
            .send(Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength))
        );
      },
    );
  };
