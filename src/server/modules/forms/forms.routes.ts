// Lead capture forms: /api/forms (settings) and the public POST /api/forms/:token with its CORS
// preflight and its copy-paste script. Routes only parse and present; forms.service.ts holds the rules.
import type { FastifyReply, FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { actorOf } from "../../platform/actor.ts";
import { AppError, notFound } from "../../platform/errors.ts";
import { fileAnswer, NO_CONTENT } from "../../platform/openapi.ts";
import type { Platform } from "../../platform/platform.ts";
import { createRateLimiter } from "../../platform/rate-limiter.ts";
import {
  formInput,
  formParams,
  formPatch,
  formSchema,
  submissionAccepted,
  submissionInput,
  tokenParams,
} from "./forms.schemas.ts";
import {
  createForm,
  deleteForm,
  type FormRow,
  formView,
  listForms,
  submitForm,
  unsafeFormByToken,
  updateForm,
} from "./forms.service.ts";
import { snippetFor } from "./forms.snippet.ts";

/** Submissions one client address may make to one form in a minute (docs/forms.md). */
export const SUBMISSIONS_PER_MINUTE = 20;
const FORM_ENCODED = "application/x-www-form-urlencoded";

export const formsRoutes =
  (platform: Platform): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = platform.database;
    const { publicUrl } = platform.config;
    const tags = ["forms"];
    const view = (row: FormRow) => formView(publicUrl, row);
    // Its own limiter: the API limits count per address over all of /api, this one per form and address.
    const limiter = createRateLimiter({ max: SUBMISSIONS_PER_MINUTE, windowMs: 60_000 });
    const formOf = new WeakMap<FastifyRequest, FormRow>();

    // A plain HTML form posts form-encoded; in this plugin's scope only (the app has no such parser).
    app.addContentTypeParser(FORM_ENCODED, { parseAs: "string" }, (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });

    app.get(
      "/api/forms",
      {
        schema: {
          tags,
          summary: "The workspace's lead forms",
          response: { 200: z.object({ items: z.array(formSchema) }) },
        },
      },
      async (request) => ({ items: (await listForms(db, actorOf(request))).map(view) }),
    );
    app.post(
      "/api/forms",
      {
        schema: {
          tags,
          summary: "Create a lead form; its public token is random (needs integrations.manage)",
          body: formInput,
          response: { 201: formSchema },
        },
      },
      async (request, reply) =>
        reply.status(201).send(view(await createForm(db, actorOf(request), request.body))),
    );
    app.patch(
      "/api/forms/:id",
      {
        schema: {
          tags,
          summary: "Change a lead form (needs integrations.manage); its token stays",
          params: formParams,
          body: formPatch,
          response: { 200: formSchema },
        },
      },
      async (request) => view(await updateForm(db, actorOf(request), request.params.id, request.body)),
    );
    app.delete(
      "/api/forms/:id",
      {
        schema: {
          tags,
          summary: "Delete a lead form: its token answers 404 from now on; its leads stay",
          params: formParams,
          response: NO_CONTENT,
        },
      },
      async (request, reply) => {
        await deleteForm(db, actorOf(request), request.params.id);
        return reply.status(204).send(null);
      },
    );

    // ---- public: the site's side

    /** Finds the form (404 JSON otherwise) and answers CORS for its allowed origins only. */
    const loadForm = async (request: FastifyRequest, reply: FastifyReply) => {
      reply.header("vary", "Origin");
      const form = await unsafeFormByToken(db, (request.params as { token?: string }).token ?? "");
      if (!form) throw notFound("Form");
      formOf.set(request, form);
      const origin = request.headers.origin;
      if (origin && form.allowedOrigins.includes(origin)) {
        reply.header("access-control-allow-origin", origin);
        if (request.method === "OPTIONS") {
          reply.header("access-control-allow-methods", "POST, OPTIONS");
          reply.header("access-control-allow-headers", "Content-Type");
          reply.header("access-control-max-age", "600");
        }
      }
    };
    const limit = async (request: FastifyRequest, reply: FastifyReply) => {
      const state = limiter.take(`${formOf.get(request)?.id}|${request.ip}`);
      reply.header("x-ratelimit-limit", String(state.limit));
      reply.header("x-ratelimit-remaining", String(state.remaining));
      reply.header("x-ratelimit-reset", String(state.resetS));
      if (state.retryAfterS !== null) {
        throw new AppError(
          "rate_limited",
          `Too many submissions: at most ${state.limit} a minute from one address; try again in ${state.retryAfterS} s`,
          { retryAfterS: state.retryAfterS, limit: state.limit, per: "form" },
          { "retry-after": String(state.retryAfterS) },
        );
      }
    };
    /** The honeypot: a bot that filled `website` gets the usual answer and nothing is stored. */
    const honeypot = async (request: FastifyRequest, reply: FastifyReply) => {
      const website = (request.body as { website?: unknown } | undefined)?.website;
      if (typeof website === "string" && website.trim() !== "") {
        request.log.info({ formId: formOf.get(request)?.id }, "form honeypot filled; submission dropped");
        return reply.status(201).send({ ok: true });
      }
    };
    const formFor = (request: FastifyRequest) => {
      const form = formOf.get(request);
      if (!form) throw notFound("Form");
      return form;
    };

    app.options(
      "/api/forms/:token",
      {
        config: { public: true },
        onRequest: loadForm,
        schema: {
          tags,
          summary: "CORS preflight: allowed only for the form's allowed origins",
          params: tokenParams,
          response: NO_CONTENT,
        },
      },
      async (_request, reply) => reply.status(204).send(null),
    );
    app.post(
      "/api/forms/:token",
      {
        config: { public: true },
        onRequest: [loadForm, limit],
        preValidation: honeypot,
        schema: {
          tags,
          summary: "Submit a lead form (public; JSON or form-encoded); a phone or an e-mail is required",
          description: `CORS only for the form's allowed origins. At most ${SUBMISSIONS_PER_MINUTE} submissions a minute per form and client address (429 with Retry-After). A filled \`website\` field (the honeypot) is answered 201 as usual and nothing is stored. Other fields of the form are kept with the lead.`,
          consumes: ["application/json", FORM_ENCODED],
          params: tokenParams,
          body: submissionInput,
          response: { 201: submissionAccepted },
        },
      },
      async (request, reply) => {
        await submitForm({ db, outbox: platform.outbox }, formFor(request), request.body);
        return reply.status(201).send({ ok: true as const });
      },
    );
    app.get(
      "/api/forms/:token/snippet.js",
      {
        config: { public: true },
        onRequest: loadForm,
        schema: {
          tags,
          summary:
            "The form's copy-paste script: keeps UTM tags in a cookie and posts `<form data-flame-form>`",
          params: tokenParams,
          ...fileAnswer("text/javascript", "The script (JavaScript)"),
        },
      },
      async (request, reply) =>
        reply
          .type("text/javascript; charset=utf-8")
          // Loaded by <script src> from the customer's site: helmet's same-origin default would block it.
          .header("cross-origin-resource-policy", "cross-origin")
          .header("cache-control", "public, max-age=300")
          .send(snippetFor(`${publicUrl}/api/forms/${formFor(request).token}`)),
    );
  };
