import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import fastifyCookie from "@fastify/cookie";
import fastifyHelmet from "@fastify/helmet";
import fastifyStatic from "@fastify/static";
import fastifySwagger from "@fastify/swagger";
import fastifySwaggerUi from "@fastify/swagger-ui";
import Fastify, { type FastifyBaseLogger } from "fastify";
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
} from "fastify-type-provider-zod";
import { VERSION } from "./config.ts";
import { accountingRoutes } from "./integrations/accounting/accounting.routes.ts";
import { moyskladHookRoutes } from "./integrations/accounting/moysklad/webhook.ts";
import { oneCExchangeRoutes } from "./integrations/accounting/one-c/exchange.ts";
import { advertisingRoutes } from "./integrations/advertising/advertising.routes.ts";
import { avitoHookRoutes } from "./integrations/messaging/inbound/avito.hook.ts";
import { telegramHookRoutes } from "./integrations/messaging/inbound/telegram.hook.ts";
import { whatsappHookRoutes } from "./integrations/messaging/inbound/whatsapp.hook.ts";
import { messagingSettingsRoutes } from "./integrations/messaging/settings/settings.routes.ts";
import { adminRoutes } from "./modules/admin/admin.routes.ts";
import { analyticsRoutes } from "./modules/analytics/analytics.routes.ts";
import { roiRoutes } from "./modules/analytics/roi.routes.ts";
import { apiKeysRoutes } from "./modules/api-keys/api-keys.routes.ts";
import { authRoutes } from "./modules/auth/auth.routes.ts";
import { companiesRoutes } from "./modules/companies/companies.routes.ts";
import { contactsRoutes } from "./modules/contacts/contacts.routes.ts";
import { conversationsRoutes } from "./modules/conversations/conversations.routes.ts";
import { dealsRoutes } from "./modules/deals/deals.routes.ts";
import { dictionariesRoutes } from "./modules/dictionaries/dictionaries.routes.ts";
import { duplicatesRoutes } from "./modules/duplicates/duplicates.routes.ts";
import { eventsRoutes } from "./modules/events/events.routes.ts";
import { formsRoutes } from "./modules/forms/forms.routes.ts";
import { healthRoutes } from "./modules/health/health.routes.ts";
import { invitationsRoutes } from "./modules/invitations/invitations.routes.ts";
import { notesRoutes } from "./modules/notes/notes.routes.ts";
import { pipelinesRoutes } from "./modules/pipelines/pipelines.routes.ts";
import { bulkRoutes } from "./modules/records/bulk.routes.ts";
import { searchRoutes } from "./modules/search/search.routes.ts";
import { tasksRoutes } from "./modules/tasks/tasks.routes.ts";
import { teamsRoutes } from "./modules/teams/teams.routes.ts";
import { timelineRoutes } from "./modules/timeline/timeline.routes.ts";
import { transferRoutes } from "./modules/transfer/transfer.routes.ts";
import { unsortedRoutes } from "./modules/unsorted/unsorted.routes.ts";
import { webhooksRoutes } from "./modules/webhooks/webhooks.routes.ts";
import { workspacesRoutes } from "./modules/workspaces/workspaces.routes.ts";
import { registerAuthGuard } from "./platform/actor.ts";
import { createApiRateLimits } from "./platform/api-limits.ts";
import { registerErrorHandler, sendError } from "./platform/error-handler.ts";
import { AppError } from "./platform/errors.ts";
import { registerIdempotency } from "./platform/idempotency.ts";
import { withErrorResponses, withSharedResponses } from "./platform/openapi.ts";
import type { Platform } from "./platform/platform.ts";

const BUILT_WEB = fileURLToPath(new URL("../../dist/web", import.meta.url));
// Both paths resolve from src/server and from a compiled dist/server alike.
const PLACEHOLDER_WEB = fileURLToPath(new URL("../../src/web/placeholder", import.meta.url));
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export const BODY_LIMIT_BYTES = 1024 * 1024;

declare module "fastify" {
  interface FastifyContextConfig {
    /** Reachable without a session or API key (health, auth, public forms, provider webhooks). */
    public?: boolean;
  }
  interface FastifyInstance {
    /** Every route with its methods and whether it is public: the route walk test reads it. */
    routeList: { method: string; url: string; public: boolean }[];
  }
}

/** Builds the HTTP application. It does not listen: tests drive it with `inject`. */
export async function buildApp(platform: Platform, logger: FastifyBaseLogger) {
  const app = Fastify({
    loggerInstance: logger,
    bodyLimit: BODY_LIMIT_BYTES,
    // Behind a load balancer the client address comes from X-Forwarded-For.
    trustProxy: true,
    routerOptions: { ignoreTrailingSlash: true },
    // Honour a caller's request id when it is sane, so a log line can be followed across services.
    genReqId: (req) => {
      const header = req.headers["x-request-id"];
      return typeof header === "string" && REQUEST_ID.test(header) ? header : randomUUID();
    },
  }).withTypeProvider();

  app.decorate("routeList", []);
  app.addHook("onRoute", (route) => {
    for (const method of [route.method].flat()) {
      app.routeList.push({ method, url: route.url, public: Boolean(route.config?.public) });
    }
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(app, platform.schema);
  app.addHook("onRequest", async (request, reply) => {
    reply.header("x-request-id", request.id);
  });
  // While draining, a keep-alive connection is closed after its response, so shutdown need not wait for it.
  app.addHook("onSend", async (_request, reply) => {
    if (platform.draining) reply.header("connection", "close");
  });
  platform.metrics.instrument(app);

  // Over plain http (a LAN install) HSTS and upgrade-insecure-requests would break every page.
  const https = platform.config.publicUrl.startsWith("https://");
  await app.register(fastifyHelmet, {
    hsts: https,
    contentSecurityPolicy: { directives: { upgradeInsecureRequests: https ? [] : null } },
  });
  await app.register(fastifyCookie);
  await app.register(fastifySwagger, {
    openapi: {
      openapi: "3.1.0",
      info: { title: "Flame CRM API", version: VERSION },
      servers: [{ url: platform.config.publicUrl }],
    },
    // Adds the shared error responses (platform/openapi.ts) to every documented route.
    transform: withErrorResponses(jsonSchemaTransform),
    transformObject: withSharedResponses(jsonSchemaTransformObject),
  });
  await app.register(fastifySwaggerUi, { routePrefix: "/api/docs", staticCSP: true });
  app.get("/api/openapi.json", { config: { public: true }, schema: { hide: true } }, async () =>
    app.swagger(),
  );

  // Rate limits around authentication (platform/api-limits.ts): per address before it, per API key after.
  const rateLimits = createApiRateLimits(platform.config.rateLimits);
  app.addHook("onRequest", rateLimits.byIp);
  registerAuthGuard(app, platform);
  app.addHook("onRequest", rateLimits.byApiKey);
  registerIdempotency(app, platform);
  // Every module: routes, services and schemas of one domain (src/server/modules/<domain>/).
  for (const routes of [
    healthRoutes,
    authRoutes,
    workspacesRoutes,
    invitationsRoutes,
    teamsRoutes,
    apiKeysRoutes,
    adminRoutes,
    contactsRoutes,
    dictionariesRoutes,
    pipelinesRoutes,
    companiesRoutes,
    dealsRoutes,
    tasksRoutes,
    notesRoutes,
    timelineRoutes,
    bulkRoutes,
    transferRoutes,
    searchRoutes,
    duplicatesRoutes,
    unsortedRoutes,
    analyticsRoutes,
    eventsRoutes,
    telegramHookRoutes,
    whatsappHookRoutes,
    avitoHookRoutes,
    messagingSettingsRoutes,
    conversationsRoutes,
    webhooksRoutes,
    accountingRoutes,
    moyskladHookRoutes,
    oneCExchangeRoutes,
    advertisingRoutes,
    formsRoutes,
    roiRoutes,
  ]) {
    await app.register(routes(platform));
  }

  await app.register(fastifyStatic, {
    root: existsSync(BUILT_WEB) ? BUILT_WEB : PLACEHOLDER_WEB,
    wildcard: false,
    index: false,
    // Built assets carry a content hash in their names; index.html must always be asked again.
    setHeaders: (reply, filePath) => {
      const immutable = filePath.includes(`${path.sep}assets${path.sep}`);
      reply.header("cache-control", immutable ? "public, max-age=31536000, immutable" : "no-cache");
    },
  });
  // Unknown API paths answer JSON; any other GET is a page of the single-page app, routed in the browser.
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split("?")[0] ?? "";
    if (
      path === "/api" ||
      path.startsWith("/api/") ||
      (request.method !== "GET" && request.method !== "HEAD")
    ) {
      return sendError(reply, new AppError("not_found", `No route ${request.method} ${path}`));
    }
    return reply.type("text/html; charset=utf-8").sendFile("index.html");
  });

  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;
