// The files 1C uploads during an exchange, kept in PostgreSQL (any node may receive the next call):
// appended chunk by chunk as 1C sends them, read back as a stream, and zip archives unpacked into
// their entries (names checked, so nothing escapes the session's files).
import { and, asc, eq, gt, like, sql } from "drizzle-orm";
import type { Executor } from "../../../db/client.ts";
import { oneCFiles } from "../../../db/schema/index.ts";
import type { IntegrationRow } from "../store.ts";
import { safeEntryName, unzipEntries } from "./zip.ts";

/** Rows of a file read at a time: a few chunks in memory, never the whole file. */
const READ_BATCH = 4;
/** Unpacked entries are stored in pieces of this size. */
const PIECE = 1024 * 1024;

type Session = { row: IntegrationRow; sessionId: string };
const bySession = ({ row, sessionId }: Session) =>
  and(
    eq(oneCFiles.workspaceId, row.workspaceId),
    eq(oneCFiles.integrationId, row.id),
    eq(oneCFiles.sessionId, sessionId),
  );

/** `mode=init`: the exchange starts from an empty folder. */
export async function clearFiles(db: Executor, session: Session) {
  await db.delete(oneCFiles).where(bySession(session));
}

/** `mode=file`: appends a chunk (a file over file_limit comes in several POSTs with the same name). */
export async function appendChunk(db: Executor, session: Session, filename: string, data: Buffer) {
  await db.insert(oneCFiles).values({
    workspaceId: session.row.workspaceId,
    integrationId: session.row.id,
    sessionId: session.sessionId,
    filename,
    seq: sql`coalesce((select max(seq) + 1 from one_c_files where workspace_id = ${session.row.workspaceId} and integration_id = ${session.row.id} and session_id = ${session.sessionId} and filename = ${filename}), 0)`,
    data,
  });
}

export async function hasFile(db: Executor, session: Session, filename: string) {
  const [row] = await db
    .select({ seq: oneCFiles.seq })
    .from(oneCFiles)
    .where(and(bySession(session), eq(oneCFiles.filename, filename)))
    .limit(1);
  return Boolean(row);
}

/** The file's bytes, a few chunks at a time. */
export async function* readFile(
  db: Executor,
  session: Session,
  filename: string,
): AsyncGenerator<Uint8Array> {
  let after = -1;
  for (;;) {
    const rows = await db
      .select({ seq: oneCFiles.seq, data: oneCFiles.data })
      .from(oneCFiles)
      .where(and(bySession(session), eq(oneCFiles.filename, filename), gt(oneCFiles.seq, after)))
      .orderBy(asc(oneCFiles.seq))
      .limit(READ_BATCH);
    for (const row of rows) yield row.data;
    if (rows.length < READ_BATCH) return;
    after = rows.at(-1)!.seq;
  }
}

/**
 * Unpacks the session's archives (`*.zip`) into files named by their entries, once: an archive is
 * removed when unpacked. An unsafe entry name or a zip bomb throws UnsafeArchiveError before anything
 * of that entry is stored; the caller's transaction then keeps nothing.
 */
export async function unpackArchives(db: Executor, session: Session) {
  const archives = await db
    .selectDistinct({ filename: oneCFiles.filename })
    .from(oneCFiles)
    .where(and(bySession(session), like(oneCFiles.filename, "%.zip")));
  for (const { filename } of archives) {
    let pending: Buffer[] = [];
    let size = 0;
    const flush = async (name: string) => {
      if (size === 0) return;
      await appendChunk(db, session, name, Buffer.concat(pending));
      pending = [];
      size = 0;
    };
    for await (const { name, chunk, final } of unzipEntries(readFile(db, session, filename))) {
      const safe = safeEntryName(name);
      pending.push(Buffer.from(chunk));
      size += chunk.byteLength;
      if (size >= PIECE || final) await flush(safe);
    }
    await db.delete(oneCFiles).where(and(bySession(session), eq(oneCFiles.filename, filename)));
  }
}
