// The floor: a bare Fastify + pg Pool server running the same SQL as the API's read cases (first page of
// contacts with their tags and companies, a filtered deal list with its tags and contacts, search by
// name over contacts, companies and deals) with no auth, validation or response schemas. Started as a
// child process by scale.ts; reports its URL over IPC.
import Fastify from "fastify";
import pg from "pg";

const ws = process.env.BENCH_WORKSPACE ?? "";
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const app = Fastify({ logger: false });

async function listWithLinks(table: string, links: [string, string], where: string, params: unknown[]) {
  const { rows } = await pool.query(
    `select *, created_at::text as sort_value from ${table} where workspace_id = $1 ${where}
      order by created_at desc, id desc limit 51`,
    [ws, ...params],
  );
  const ids = rows.slice(0, 50).map((r) => r.id as string);
  const [tags, linked] = await Promise.all([
    pool.query(`select record_id, tag_id from ${links[0]} where workspace_id = $1 and record_id = any($2)`, [
      ws,
      ids,
    ]),
    pool.query(`select * from ${links[1]} where workspace_id = $1 and ${table.slice(0, -1)}_id = any($2)`, [
      ws,
      ids,
    ]),
  ]);
  return { items: rows.slice(0, 50), tags: tags.rows, links: linked.rows };
}

app.get("/contacts", () => listWithLinks("contacts", ["contact_tags", "contact_companies"], "", []));

app.get<{ Querystring: Record<string, string> }>("/deals", (request) =>
  listWithLinks(
    "deals",
    ["deal_tags", "deal_contacts"],
    "and pipeline_id = $2 and status = $3 and amount_minor >= $4",
    [request.query.pipelineId, request.query.status, Number(request.query.amountMin)],
  ),
);

const SEARCH = {
  contacts: `trim(coalesce(last_name, '') || ' ' || coalesce(first_name, '') || ' ' || coalesce(middle_name, ''))`,
  companies: "name",
  deals: "title",
};
app.get<{ Querystring: { q: string } }>("/search", async (request) => {
  const words = request.query.q.trim().toLowerCase();
  const prefix = `${words}:*`;
  // The same strict branch the API runs first: 200 candidates ranked, one table after another.
  const perTable = [];
  for (const [table, title] of Object.entries(SEARCH)) {
    perTable.push(
      await pool.query(
        `select * from (select id, ${title} as title, ts_rank(search_vector, to_tsquery('simple', $2))::float8 as score
           from ${table} where workspace_id = $1 and search_vector @@ to_tsquery('simple', $2) limit 200) c
          order by score desc limit 20`,
        [ws, prefix],
      ),
    );
  }
  return {
    items: perTable
      .flatMap((r) => r.rows)
      .sort((a, b) => b.score - a.score)
      .slice(0, 20),
  };
});

const url = await app.listen({ port: 0, host: "127.0.0.1" });
process.send?.({ url });
process.once("SIGTERM", () => {
  app.close().then(() => pool.end().then(() => process.exit(0)));
});
