// The error report of an import: the refused rows with their reasons, as CSV for Excel.
import { PassThrough } from "node:stream";
import { stringify } from "csv-stringify";
import { and, asc, eq, gt } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { importErrors } from "../../db/schema/index.ts";
import type { Actor } from "../../platform/policy.ts";
import { findImport } from "./import.service.ts";

/** The rows an import refused, with the reason and the original columns: CSV, UTF-8 with a BOM. */
export async function errorReport(db: Db, actor: Actor, id: string) {
  const row = await findImport(db, actor, id);
  const out = new PassThrough();
  const csv = stringify({
    bom: true,
    delimiter: ";",
    header: true,
    columns: ["Строка", "Ошибка", ...row.headers],
  });
  csv.pipe(out);
  (async () => {
    let after = 0;
    for (;;) {
      const batch = await db
        .select()
        .from(importErrors)
        .where(
          and(
            eq(importErrors.workspaceId, actor.workspaceId),
            eq(importErrors.importId, id),
            gt(importErrors.rowNumber, after),
          ),
        )
        .orderBy(asc(importErrors.rowNumber))
        .limit(1000);
      for (const e of batch) {
        if (!csv.write([e.rowNumber, e.message, ...row.headers.map((h) => e.row[h] ?? "")])) {
          await new Promise((resolve) => csv.once("drain", resolve));
        }
      }
      if (batch.length < 1000) break;
      after = batch.at(-1)?.rowNumber ?? after;
    }
    csv.end();
  })().catch((err: Error) => out.destroy(err));
  return { fileName: `import-${id}-errors.csv`, stream: out };
}
