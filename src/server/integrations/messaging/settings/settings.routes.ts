// The channel settings endpoints: /api/messaging/telegram-bot, /whatsapp and /avito, each with list,
// connect, update and disconnect. Routes only parse and present; settings.service.ts holds the rules.
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { actorOf } from "../../../platform/actor.ts";
import { NO_CONTENT } from "../../../platform/openapi.ts";
import type { Platform as AppPlatform } from "../../../platform/platform.ts";
import type { Platform } from "../channels.ts";
import type { ChannelAdapter } from "./adapter.ts";
import { avitoAdapter } from "./avito.ts";
import {
  avitoIntegration,
  type ConnectInput,
  channelBodies,
  integrationParams,
  telegramIntegration,
  type UpdateInput,
  whatsappConnected,
  whatsappIntegration,
} from "./settings.schemas.ts";
import {
  connectChannel,
  disconnectChannel,
  listChannels,
  type SettingsDeps,
  updateChannel,
} from "./settings.service.ts";
import { telegramAdapter } from "./telegram.ts";
import { whatsappAdapter } from "./whatsapp.ts";

// Fastify cannot resolve a reply type through a generic schema, so the response schemas are widened here;
// ChannelRoutes still ties each schema to its adapter's view.
const widen = (schema: z.ZodType): z.ZodType => schema;

interface ChannelRoutes<P extends Platform, V, C> {
  path: string;
  /** "Telegram bot", "WhatsApp number", "Avito account": for the OpenAPI summaries. */
  label: string;
  adapter: ChannelAdapter<P, V, C>;
  view: z.ZodType<V>;
  created: z.ZodType<C>;
  connectBody: z.ZodType<ConnectInput<P>>;
  updateBody: z.ZodType<UpdateInput<P>>;
}

export const messagingSettingsRoutes =
  (platform: AppPlatform): FastifyPluginAsyncZod =>
  async (app) => {
    const deps = (log: SettingsDeps["log"]): SettingsDeps => ({
      db: platform.database.db,
      secrets: platform.secrets,
      config: platform.config,
      log,
    });

    function channel<P extends Platform, V, C>(spec: ChannelRoutes<P, V, C>) {
      const tags = ["messaging"];
      const { path, label, adapter } = spec;
      const errors =
        "422 when the provider refuses the credentials (its reason in details), 503 when it is down";

      app.get(
        path,
        {
          schema: {
            tags,
            summary: `The workspace's ${label}s, secrets masked`,
            response: { 200: z.object({ items: z.array(spec.view) }) },
          },
        },
        async (request) => ({ items: await listChannels(deps(request.log), actorOf(request), adapter) }),
      );
      app.post(
        path,
        {
          schema: {
            tags,
            summary: `Connect a ${label}: checks the credentials with the provider and registers the webhook`,
            description: errors,
            body: spec.connectBody,
            response: { 201: widen(spec.created) },
          },
        },
        async (request, reply) => {
          const input = request.body;
          return reply
            .status(201)
            .send(await connectChannel(deps(request.log), actorOf(request), adapter, input));
        },
      );
      app.patch(
        `${path}/:id`,
        {
          schema: {
            tags,
            summary: `Rename a ${label}, change its routing or replace its credentials`,
            description: errors,
            params: integrationParams,
            body: spec.updateBody,
            response: { 200: widen(spec.view) },
          },
        },
        async (request) => {
          const { id } = request.params;
          return updateChannel(deps(request.log), actorOf(request), adapter, id, request.body);
        },
      );
      app.delete(
        `${path}/:id`,
        {
          schema: {
            response: NO_CONTENT,
            tags,
            summary: `Disconnect a ${label}: the provider stops delivering; conversations stay`,
            params: integrationParams,
          },
        },
        async (request, reply) => {
          const { id } = request.params;
          await disconnectChannel(deps(request.log), actorOf(request), adapter, id);
          return reply.status(204).send(null);
        },
      );
    }

    channel({
      path: "/api/messaging/telegram-bot",
      label: "Telegram bot",
      adapter: telegramAdapter,
      view: telegramIntegration,
      created: telegramIntegration,
      connectBody: channelBodies.telegram.connect,
      updateBody: channelBodies.telegram.update,
    });
    channel({
      path: "/api/messaging/whatsapp",
      label: "WhatsApp number",
      adapter: whatsappAdapter,
      view: whatsappIntegration,
      created: whatsappConnected,
      connectBody: channelBodies.whatsapp.connect,
      updateBody: channelBodies.whatsapp.update,
    });
    channel({
      path: "/api/messaging/avito",
      label: "Avito account",
      adapter: avitoAdapter,
      view: avitoIntegration,
      created: avitoIntegration,
      connectBody: channelBodies.avito.connect,
      updateBody: channelBodies.avito.update,
    });
  };
