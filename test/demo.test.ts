import { spawnSync } from "node:child_process";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { createTestDatabase, TEST_ENCRYPTION_KEY, type TestDatabase } from "./support/postgres.ts";

const root = path.resolve(import.meta.dirname, "..");
let db: TestDatabase;
afterAll(() => db?.drop());

describe("npm run demo", () => {
  it("creates a demo workspace with an owner, a manager and a member and prints how to sign in", async () => {
    db = await createTestDatabase({ empty: true });
    const run = () =>
      spawnSync(process.execPath, [path.join(root, "scripts/demo.ts")], {
        cwd: root,
        env: {
          PATH: process.env.PATH ?? "",
          DATABASE_URL: db.url,
          FLAME_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
        },
        encoding: "utf8",
      });
    const first = run();
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toContain("owner@demo.flame.local");
    expect(first.stdout).toMatch(/password \S+/);

    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const { rows } = await client.query<{ email: string; role: string; name: string }>(
      "select u.email, m.role, w.name from members m join users u on u.id = m.user_id join workspaces w on w.id = m.workspace_id order by u.email",
    );
    await client.end();
    expect(rows).toEqual([
      { email: "manager@demo.flame.local", role: "manager", name: "Демо: ООО «Пламя»" },
      { email: "member@demo.flame.local", role: "member", name: "Демо: ООО «Пламя»" },
      { email: "owner@demo.flame.local", role: "owner", name: "Демо: ООО «Пламя»" },
    ]);

    const second = run();
    expect(second.status).toBe(0);
    expect(second.stdout).toContain("exists already");
  });
});
