// Import of a generated 100 000-row CSV (5 % of the phones already belong to seeded contacts) through
// the real API (upload, mapping, start, poll until done), and a CSV export of 100 000 contacts.
import { existsSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
export const transferPresent = () =>
  existsSync(path.join(root, "src/server/modules/transfer/transfer.routes.ts"));

/** The phone of seeded contact g (seed.ts): a bijection of g, so disjoint g ranges never collide. */
const phone = (g: number) => `+79${String((g * 7919 + 123457) % 1_000_000_000).padStart(9, "0")}`;

export function importCsv(rows: number, existing: number): string {
  const lines = ["Фамилия;Имя;Телефон;Email"];
  for (let i = 1; i <= rows; i++) {
    const duplicate = i % 20 === 0; // 5 %: the phone of an existing contact
    const g = duplicate ? ((i / 20) % existing) + 1 : 800_000_000 + i;
    lines.push(`Импортов${i % 97};Пётр;${phone(g)};import${i}@example.ru`);
  }
  return `${lines.join("\n")}\n`;
}

export interface ImportResult {
  ms: number;
  status: string;
  created: number;
  skipped: number;
  errors: number;
}

export async function measureImport(
  url: string,
  key: string,
  rows: number,
  existing: number,
): Promise<ImportResult> {
  const headers = { authorization: `Bearer ${key}` };
  const call = async (method: string, p: string, body?: unknown) => {
    const res = await fetch(`${url}${p}`, {
      method,
      headers: body === undefined ? headers : { ...headers, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${await res.text()}`);
    return (await res.json()) as Record<string, unknown>;
  };
  const csv = importCsv(rows, existing);
  const started = performance.now();
  const form = new FormData();
  form.set("entity", "contact");
  form.set("file", new Blob([csv], { type: "text/csv" }), "bench.csv");
  const res = await fetch(`${url}/api/imports`, { method: "POST", headers, body: form });
  if (res.status !== 201) throw new Error(`upload: ${res.status} ${await res.text()}`);
  const uploaded = (await res.json()) as { id: string; guessedMapping: Record<string, string> };
  await call("PUT", `/api/imports/${uploaded.id}`, {
    mapping: uploaded.guessedMapping,
    duplicatePolicy: "skip",
  });
  await call("POST", `/api/imports/${uploaded.id}/start`, {});
  for (;;) {
    const row = await call("GET", `/api/imports/${uploaded.id}`);
    if (!["uploaded", "running"].includes(String(row.status))) {
      return {
        ms: Math.round(performance.now() - started),
        status: String(row.status),
        created: Number(row.createdCount),
        skipped: Number(row.skippedCount),
        errors: Number(row.errorCount),
      };
    }
    if (performance.now() - started > 600_000) throw new Error("import not done within 10 minutes");
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Streams the export and counts its bytes and lines (the header is one of them). */
export async function measureExport(url: string, key: string, from: string, to: string) {
  const started = performance.now();
  const query = new URLSearchParams({ format: "csv", createdFrom: from, createdTo: to });
  const res = await fetch(`${url}/api/export/contacts?${query}`, {
    headers: { authorization: `Bearer ${key}` },
  });
  if (!res.ok || !res.body) throw new Error(`export: ${res.status} ${await res.text()}`);
  let bytes = 0;
  let lines = 0;
  for await (const chunk of res.body) {
    bytes += chunk.length;
    for (const b of chunk) if (b === 10) lines++;
  }
  return { ms: Math.round(performance.now() - started), bytes, rows: lines - 1 };
}
