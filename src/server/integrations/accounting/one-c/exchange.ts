// /api/accounting/one-c/exchange — the CommerceML 2 exchange, with the CRM as the server
// (PROTOCOLS.md §4): checkauth (Basic → cookie), init, file (raw chunks appended), import (a job; 1C
// repeats the call while we answer `progress`), query (our orders as XML), success (mark them sent),
// and order files from 1C. Every answer is plain text — `success`, `progress` or `failure` and a reason
// — never an HTML or JSON error page, which 1C could not read. GET and POST are accepted on every mode.
import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, gt, ne, sql } from "drizzle-orm";
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import { accountingIntegrations, accountingRuns, oneCSessions } from "../../../db/schema/index.ts";
import { fileAnswer } from "../../../platform/openapi.ts";
import type { Platform } from "../../../platform/platform.ts";
import { finishRun, type IntegrationRow, startRun, Tally } from "../store.ts";
import { credentialsMatch } from "./connection.ts";
import { appendChunk, clearFiles } from "./files.ts";
import { oneCImportJob } from "./import.ts";
import { markExported, queryOrders } from "./orders.ts";
import { safeEntryName, UnsafeArchiveError } from "./zip.ts";

export const COOKIE = "flame_1c";
const SESSION_TTL_MS = 60 * 60 * 1000;
const PROGRESS_WAIT_MS = 2000;
const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");

/** A protocol failure: answered as `failure\n<reason>`, which 1C shows to its user. */
class Failure extends Error {}

type Query = Record<string, string | undefined>;
interface Session {
  row: IntegrationRow;
  sessionId: string;
}

export const oneCExchangeRoutes =
  (platform: Platform): FastifyPluginAsync =>
  async (app) => {
    const { db } = platform.database;
    const fileLimit = platform.config.oneCFileLimit;
    const importJob = oneCImportJob(platform);

    // 1C posts files as raw bytes with whatever content type it likes: take every body as a buffer.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser("*", { parseAs: "buffer", bodyLimit: fileLimit + 1024 }, (_req, body, done) =>
      done(null, body),
    );

    const text = (reply: FastifyReply, lines: string[]) =>
      reply
        .status(200)
        .type("text/plain; charset=utf-8")
        .send(`${lines.join("\n")}\n`);

    async function sessionOf(request: FastifyRequest, query: Query): Promise<Session> {
      const cookie = /(?:^|;\s*)flame_1c=([^;]+)/.exec(request.headers.cookie ?? "")?.[1] ?? query.sessid;
      if (!cookie) throw new Failure("No session: call mode=checkauth first");
      const id = sha256(cookie);
      const [found] = await db
        .select({ session: oneCSessions, row: accountingIntegrations })
        .from(oneCSessions)
        .innerJoin(
          accountingIntegrations,
          and(
            eq(accountingIntegrations.workspaceId, oneCSessions.workspaceId),
            eq(accountingIntegrations.id, oneCSessions.integrationId),
          ),
        )
        .where(
          and(
            eq(oneCSessions.id, id),
            gt(oneCSessions.expiresAt, new Date()),
            ne(accountingIntegrations.status, "disconnected"),
          ),
        )
        .limit(1);
      if (!found) throw new Failure("The session is unknown or expired: call mode=checkauth again");
      return { row: found.row, sessionId: id };
    }

    async function checkauth(request: FastifyRequest) {
      const basic = /^Basic\s+(.+)$/i.exec(request.headers.authorization ?? "")?.[1];
      const [login = "", password = ""] = basic
        ? splitOnce(Buffer.from(basic, "base64").toString("utf8"))
        : [];
      if (!login) throw new Failure("Basic authorization is required");
      const [row] = await db
        .select()
        .from(accountingIntegrations)
        .where(
          and(
            eq(accountingIntegrations.platform, "one_c"),
            ne(accountingIntegrations.status, "disconnected"),
            sql`${accountingIntegrations.account}->>'login' = ${login}`,
          ),
        )
        .limit(1);
      if (!row || !credentialsMatch(platform, row, login, password))
        throw new Failure("Wrong login or password");
      const value = randomBytes(24).toString("base64url");
      await db.insert(oneCSessions).values({
        workspaceId: row.workspaceId,
        integrationId: row.id,
        id: sha256(value),
        expiresAt: new Date(Date.now() + SESSION_TTL_MS),
      });
      // Expired sessions of this integration go (their files with them, by the next init's cleanup).
      await db
        .delete(oneCSessions)
        .where(
          and(
            eq(oneCSessions.workspaceId, row.workspaceId),
            eq(oneCSessions.integrationId, row.id),
            sql`${oneCSessions.expiresAt} < now()`,
          ),
        );
      return ["success", COOKIE, value, `sessid=${value}`, `timestamp=${Math.floor(Date.now() / 1000)}`];
    }

    /** `import`: starts the file's import job, then reports on it each time 1C asks again. */
    async function importStep(session: Session, type: string, filename: string) {
      const where = and(
        eq(accountingRuns.workspaceId, session.row.workspaceId),
        eq(accountingRuns.integrationId, session.row.id),
        eq(accountingRuns.sessionId, session.sessionId),
        eq(accountingRuns.filename, filename),
      );
      const latest = async () =>
        (
          await db.select().from(accountingRuns).where(where).orderBy(desc(accountingRuns.startedAt)).limit(1)
        )[0];
      let run = await latest();
      // A running import is watched for a moment before answering `progress`: 1C repeats the call at
      // once, so this paces it and often answers `success` a round earlier.
      for (let waited = 0; run?.status === "running" && waited < PROGRESS_WAIT_MS; waited += 200) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        run = await latest();
      }
      if (!run) {
        await db.transaction(async (tx) => {
          const started = await startRun(tx, session.row, type, { sessionId: session.sessionId, filename });
          await platform.jobs.enqueue(tx, importJob, {
            workspaceId: session.row.workspaceId,
            integrationId: session.row.id,
            runId: started.id,
          });
        });
        return ["progress", `Import of ${filename} started`];
      }
      if (run.status === "running")
        return ["progress", `${filename}: ${run.progress?.done ?? 0} items imported`];
      if (run.status === "failed") throw new Failure(run.error ?? `${filename} was not imported`);
      const counts = Object.entries(run.counts)
        .map(([k, v]) => `${k} ${v}`)
        .join(", ");
      return ["success", ...(counts ? [`${filename}: ${counts}`] : [])];
    }

    async function handle(request: FastifyRequest, reply: FastifyReply) {
      const query = request.query as Query;
      const { type = "", mode = "" } = query;
      if (type !== "catalog" && type !== "sale") throw new Failure(`Unknown type "${type}": catalog or sale`);
      if (mode === "checkauth") return text(reply, await checkauth(request));
      const session = await sessionOf(request, query);
      switch (mode) {
        case "init": {
          await clearFiles(db, session);
          // The catalog may come as one archive; orders are small files.
          return text(reply, [`zip=${type === "catalog" ? "yes" : "no"}`, `file_limit=${fileLimit}`]);
        }
        case "file": {
          const filename = safeEntryName(query.filename ?? "");
          const body = request.body;
          if (!Buffer.isBuffer(body) || body.length === 0) throw new Failure(`No bytes came for ${filename}`);
          await appendChunk(db, session, filename, body);
          // A sale file shorter than file_limit is complete (1C cuts files into file_limit pieces):
          // its import starts now, and a later mode=import reports on it (both flavours of 1C).
          if (type === "sale" && body.length < fileLimit && /\.xml$/i.test(filename)) {
            await importStep(session, type, filename);
          }
          return text(reply, ["success"]);
        }
        case "import": {
          const filename = safeEntryName(query.filename ?? "");
          return text(reply, await importStep(session, type, filename));
        }
        case "query": {
          if (type !== "sale") throw new Failure("mode=query is for type=sale");
          const { xml, charset } = await queryOrders(platform, session);
          return reply.status(200).type(`application/xml; charset=${charset}`).send(xml);
        }
        case "success": {
          if (type === "sale") {
            const tally = new Tally();
            const run = await startRun(db, session.row, "sale");
            tally.add("updated", await markExported(db, session));
            await finishRun(db, run, tally);
          }
          return text(reply, ["success"]);
        }
        case "deactivate":
        case "complete":
          return text(reply, ["success"]);
        default:
          throw new Failure(`Unknown mode "${mode}"`);
      }
    }

    const route = async (request: FastifyRequest, reply: FastifyReply) => {
      try {
        return await handle(request, reply);
      } catch (err) {
        if (!(err instanceof Failure || err instanceof UnsafeArchiveError)) {
          request.log.error({ err }, "the 1C exchange failed");
          return text(reply, ["failure", "Internal error; see the CRM's log"]);
        }
        return text(reply, ["failure", err.message]);
      }
    };
    const options = {
      config: { public: true },
      schema: {
        tags: ["accounting"],
        summary:
          "The 1C exchange (CommerceML 2): checkauth, init, file, import, query, success — plain-text answers",
        description:
          "Called by 1C, not by people: `?type=catalog|sale&mode=…`, Basic auth on checkauth, then the cookie it returns. See docs/accounting.md.",
        ...fileAnswer(
          ["text/plain", "application/xml"],
          "`success`, `progress` or `failure` lines; the orders XML for mode=query",
        ),
      },
    };
    app.get("/api/accounting/one-c/exchange", options, route);
    app.post("/api/accounting/one-c/exchange", options, route);
  };

/** "login:pass:word" → ["login", "pass:word"]. */
function splitOnce(value: string): [string, string] {
  const at = value.indexOf(":");
  return at < 0 ? [value, ""] : [value.slice(0, at), value.slice(at + 1)];
}
