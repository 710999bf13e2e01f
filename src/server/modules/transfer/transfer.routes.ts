import type { Readable } from "node:stream";
import fastifyMultipart from "@fastify/multipart";
import type { FastifyReply } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { actorOf } from "../../platform/actor.ts";
import { fileAnswer } from "../../platform/openapi.ts";
import type { Platform } from "../../platform/platform.ts";
import { companyListQuery } from "../companies/companies.schemas.ts";
import { contactListQuery } from "../contacts/contacts.schemas.ts";
import { dealListQuery } from "../deals/deals.schemas.ts";
import { taskListQuery } from "../tasks/tasks.schemas.ts";
import { exportRecords } from "./export.service.ts";
import { errorReport } from "./import.report.ts";
import {
  cancelImport,
  configureImport,
  getImport,
  listImports,
  listMappings,
  MAX_FILE_BYTES,
  startImport,
  uploadImport,
} from "./import.service.ts";
import {
  configuredImportSchema,
  importMappingSchema,
  importSchema,
  uploadedImportSchema,
} from "./transfer.schemas.ts";

export { registerImportJob } from "./import.job.ts";

const tags = ["import & export"];
const params = z.object({ id: z.string().min(1).max(64) });
const entity = z.enum(["contact", "company", "deal"]);
const format = { format: z.enum(["csv", "xlsx"]).default("csv") };

const settings = z.object({
  /** File column → field of the entity; columns left out are not imported. */
  mapping: z.record(z.string().max(500), z.string().max(100)),
  duplicatePolicy: z.enum(["skip", "update", "create"]).default("skip"),
  saveMappingAs: z.string().trim().min(1).max(200).optional(),
});

function download(reply: FastifyReply, file: { stream: Readable; fileName: string }, type: string) {
  return reply
    .header("content-disposition", `attachment; filename="${file.fileName}"`)
    .type(type)
    .send(file.stream);
}

const CSV = "text/csv; charset=utf-8";
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

export const transferRoutes =
  (platform: Platform): FastifyPluginAsyncZod =>
  async (app) => {
    const db = platform.database.db;
    // Encapsulated: only these routes accept multipart bodies.
    await app.register(fastifyMultipart, {
      limits: { fileSize: MAX_FILE_BYTES, files: 1, fields: 10, parts: 12 },
    });

    app.post(
      "/api/imports",
      {
        schema: {
          tags,
          summary:
            "Upload a CSV or XLSX file (multipart: `file`, `entity`); answers the detected format and a preview",
          consumes: ["multipart/form-data"],
          response: { 201: uploadedImportSchema },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await uploadImport(platform, actorOf(request), request.parts())),
    );

    app.get(
      "/api/imports",
      {
        schema: {
          tags,
          summary: "Recent imports of the workspace",
          description: "The last 100, newest first.",
          response: { 200: z.object({ items: z.array(importSchema) }) },
        },
      },
      async (request) => listImports(db, actorOf(request)),
    );

    app.get(
      "/api/imports/:id",
      { schema: { tags, summary: "An import and its progress", params, response: { 200: importSchema } } },
      async (request) => getImport(db, actorOf(request), request.params.id),
    );

    app.put(
      "/api/imports/:id",
      {
        schema: {
          tags,
          summary: "Set the column mapping and the duplicate policy",
          params,
          body: settings,
          response: { 200: configuredImportSchema },
        },
      },
      async (request) => configureImport(platform, actorOf(request), request.params.id, request.body),
    );

    app.post(
      "/api/imports/:id/start",
      {
        schema: {
          tags,
          summary: "Start importing in the background",
          description: "Answers 202 with the import, now `running`: follow it with `GET /api/imports/{id}`.",
          params,
          response: { 202: importSchema },
        },
      },
      async (request, reply) =>
        reply.status(202).send(await startImport(platform, actorOf(request), request.params.id)),
    );

    app.post(
      "/api/imports/:id/cancel",
      {
        schema: {
          tags,
          summary: "Stop an import before its next batch",
          params,
          response: { 200: importSchema },
        },
      },
      async (request) => cancelImport(platform, actorOf(request), request.params.id),
    );

    app.get(
      "/api/imports/:id/errors.csv",
      {
        schema: {
          tags,
          summary: "The rows the import refused, with the reasons (CSV)",
          params,
          ...fileAnswer(CSV, "A CSV file: the refused rows and a column with the reason"),
        },
      },
      async (request, reply) =>
        download(reply, await errorReport(db, actorOf(request), request.params.id), CSV),
    );

    app.get(
      "/api/import-mappings",
      {
        schema: {
          tags,
          summary: "Saved column mappings",
          querystring: z.object({ entity: entity.optional() }),
          response: { 200: z.object({ items: z.array(importMappingSchema) }) },
        },
      },
      async (request) => listMappings(db, actorOf(request), request.query.entity),
    );

    const exported = async (
      reply: FastifyReply,
      request: Parameters<typeof exportRecords>[2],
      f: "csv" | "xlsx",
      actor: ReturnType<typeof actorOf>,
    ) => download(reply, await exportRecords(db, actor, request, f), f === "csv" ? CSV : XLSX);
    const exportFile = fileAnswer([CSV, XLSX], "The file, named in Content-Disposition");
    const summary = (what: string) => `Export ${what} with the list's filters (CSV for Excel or XLSX)`;

    app.get(
      "/api/export/contacts",
      {
        schema: {
          tags,
          summary: summary("contacts"),
          ...exportFile,
          querystring: contactListQuery.extend(format),
        },
      },
      async (request, reply) =>
        exported(reply, { entity: "contacts", query: request.query }, request.query.format, actorOf(request)),
    );
    app.get(
      "/api/export/companies",
      {
        schema: {
          tags,
          summary: summary("companies"),
          ...exportFile,
          querystring: companyListQuery.extend(format),
        },
      },
      async (request, reply) =>
        exported(
          reply,
          { entity: "companies", query: request.query },
          request.query.format,
          actorOf(request),
        ),
    );
    app.get(
      "/api/export/deals",
      {
        schema: { tags, summary: summary("deals"), ...exportFile, querystring: dealListQuery.extend(format) },
      },
      async (request, reply) =>
        exported(reply, { entity: "deals", query: request.query }, request.query.format, actorOf(request)),
    );
    app.get(
      "/api/export/tasks",
      {
        schema: { tags, summary: summary("tasks"), ...exportFile, querystring: taskListQuery.extend(format) },
      },
      async (request, reply) =>
        exported(reply, { entity: "tasks", query: request.query }, request.query.format, actorOf(request)),
    );
  };
