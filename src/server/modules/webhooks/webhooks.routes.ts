// /api/webhooks: outgoing webhook subscriptions, their test ping, delivery log and replays.
// Routes only parse and present; webhooks.service.ts holds the rules.
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { actorOf } from "../../platform/actor.ts";
import { errorSchema } from "../../platform/openapi.ts";
import type { Platform } from "../../platform/platform.ts";
import {
  createdWebhookSchema,
  createWebhookInput,
  deliveryListQuery,
  deliveryPage,
  deliveryParams,
  deliverySchema,
  replayFailedResult,
  rotatedSecretSchema,
  testResultSchema,
  updateWebhookInput,
  webhookParams,
  webhookSchema,
} from "./webhooks.schemas.ts";
import {
  createWebhook,
  deleteWebhook,
  getWebhook,
  listDeliveries,
  listWebhooks,
  replayDelivery,
  replayFailed,
  rotateSecret,
  testWebhook,
  updateWebhook,
} from "./webhooks.service.ts";

const tags = ["webhooks"];
const PERMISSION = "Owners and admins only (`webhooks.manage`).";

// 401, 403, 404 (path ids), 422 and the others every route shares are added to the document by
// platform/openapi.ts; only the answers particular to these routes are declared here.
const error = (description: string) => errorSchema.describe(description);
const busy = (description: string) => ({ 409: error(`\`conflict\`: ${description}`) });

export const webhooksRoutes =
  (platform: Platform): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      "/api/webhooks",
      {
        schema: {
          tags,
          summary: "The workspace's webhooks, oldest first",
          description: `Secrets are never shown again after creation. ${PERMISSION}`,
          response: { 200: z.object({ items: z.array(webhookSchema) }) },
        },
      },
      async (request) => listWebhooks(platform, actorOf(request)),
    );

    app.post(
      "/api/webhooks",
      {
        schema: {
          tags,
          summary: "Subscribe a URL to events",
          description:
            "The answer carries the signing secret (`whsec_…`), shown only this once. Events are topics " +
            "(`deal.won`) or patterns (`deal.*`, `*`); `pipelineId` limits deal events to one pipeline " +
            `(404 when it is not the workspace's). ${PERMISSION}`,
          body: createWebhookInput,
          response: {
            201: createdWebhookSchema,
            404: error("`not_found`: the pipeline is not the workspace's"),
          },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await createWebhook(platform, actorOf(request), request.body)),
    );

    app.get(
      "/api/webhooks/:id",
      {
        schema: {
          tags,
          summary: "One webhook",
          description: PERMISSION,
          params: webhookParams,
          response: { 200: webhookSchema },
        },
      },
      async (request) => getWebhook(platform, actorOf(request), request.params.id),
    );

    app.patch(
      "/api/webhooks/:id",
      {
        schema: {
          tags,
          summary: "Change a webhook's URL, events, pipeline, format, name or active flag",
          description:
            "Any of the creation fields; the URL is checked again. Re-activating clears `disabledReason` " +
            `and \`failingSince\`. ${PERMISSION}`,
          params: webhookParams,
          body: updateWebhookInput,
          response: { 200: webhookSchema },
        },
      },
      async (request) => updateWebhook(platform, actorOf(request), request.params.id, request.body),
    );

    app.delete(
      "/api/webhooks/:id",
      {
        schema: {
          tags,
          summary: "Delete a webhook and its delivery log",
          description: `Pending deliveries are not sent. ${PERMISSION}`,
          params: webhookParams,
          response: { 204: z.null().describe("Deleted") },
        },
      },
      async (request, reply) => {
        await deleteWebhook(platform, actorOf(request), request.params.id);
        return reply.status(204).send(null);
      },
    );

    app.post(
      "/api/webhooks/:id/rotate-secret",
      {
        schema: {
          tags,
          summary: "Replace the signing secret",
          description: `The old secret signs nothing from now on; the new one is shown only now. ${PERMISSION}`,
          params: webhookParams,
          response: { 200: rotatedSecretSchema },
        },
      },
      async (request) => rotateSecret(platform, actorOf(request), request.params.id),
    );

    app.post(
      "/api/webhooks/:id/test",
      {
        schema: {
          tags,
          summary: "Send a signed `ping` event now and report the receiver's answer",
          description:
            "Sent once, synchronously (10 s timeout, redirects not followed), not stored as a delivery. " +
            "A receiver that fails (or a URL the SSRF guard now refuses) is not an error of this call: see " +
            `\`statusCode\` and \`error\`. ${PERMISSION}`,
          params: webhookParams,
          response: { 200: testResultSchema },
        },
      },
      async (request) => testWebhook(platform, actorOf(request), request.params.id),
    );

    app.get(
      "/api/webhooks/:id/deliveries",
      {
        schema: {
          tags,
          summary: "A webhook's deliveries, newest first, keyset-paginated",
          description:
            "Each with its event, attempts, last status code, duration and response excerpt. " +
            `\`status\` filters; pass \`nextCursor\` back as \`cursor\` for the next page. ${PERMISSION}`,
          params: webhookParams,
          querystring: deliveryListQuery,
          response: {
            200: deliveryPage,
            400: error("`bad_request`: a cursor this API did not give out"),
          },
        },
      },
      async (request) => listDeliveries(platform, actorOf(request), request.params.id, request.query),
    );

    app.post(
      "/api/webhooks/:id/deliveries/:deliveryId/replay",
      {
        schema: {
          tags,
          summary: "Send a finished delivery again now",
          description:
            "The same body, signed anew with the current secret; its status goes back to `pending` and " +
            `its attempts are kept. ${PERMISSION}`,
          params: deliveryParams,
          response: {
            202: deliverySchema,
            ...busy("the webhook is inactive, or the delivery is already waiting for its next attempt"),
          },
        },
      },
      async (request, reply) => {
        const { id, deliveryId } = request.params;
        return reply.status(202).send(await replayDelivery(platform, actorOf(request), id, deliveryId));
      },
    );

    app.post(
      "/api/webhooks/:id/replay-failed",
      {
        schema: {
          tags,
          summary: "Send every failed delivery of a webhook again now",
          description: `Their status goes back to \`pending\`; the answer counts them. ${PERMISSION}`,
          params: webhookParams,
          response: {
            202: replayFailedResult.describe("Queued again"),
            ...busy("the webhook is inactive"),
          },
        },
      },
      async (request, reply) =>
        reply.status(202).send(await replayFailed(platform, actorOf(request), request.params.id)),
    );
  };
