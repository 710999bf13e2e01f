// What the benchmark scripts share: their numeric options and the PostgreSQL server they create their
// throwaway databases on (BENCH_DATABASE_URL).
import pg from "pg";

/** `--name 10000` or `--name 10k`; `fallback` when absent. */
export function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const raw = i >= 0 ? process.argv[i + 1] : undefined;
  if (raw === undefined) return fallback;
  const m = raw.match(/^(\d+(?:\.\d+)?)(k?)$/i);
  if (!m) throw new Error(`--${name} ${raw}: expected a number such as 10000 or 10k`);
  return Math.round(Number(m[1]) * (m[2] ? 1000 : 1));
}

export const adminUrl = process.env.BENCH_DATABASE_URL ?? "postgres://root@127.0.0.1:5432/postgres";

/** The URL of database `name` on the benchmark's server. */
export const databaseUrl = (name: string) =>
  Object.assign(new URL(adminUrl), { pathname: `/${name}` }).toString();

/** Runs one statement as the server's admin (create or drop a database). */
export async function admin(text: string) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  await client.query(text).finally(() => client.end());
}
