import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { sendMessageJob } from "../../integrations/messaging/outbound/send.job.ts";
import { actorOf } from "../../platform/actor.ts";
import type { Platform } from "../../platform/platform.ts";
import {
  conversationListQuery,
  conversationPatch,
  conversationSchema,
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
          summary: "Reply: the message is queued and sent by a durable job",
          params,
          body: replyInput,
          response: { 202: messageSchema },
        },
      },
      async (request, reply_) =>
        reply_.status(202).send(await reply(deps, actorOf(request), request.params.id, request.body)),
    );
  };
