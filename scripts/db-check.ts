// `npm run db:check`: fails when the Drizzle schema and the committed migrations disagree, i.e. when
// `drizzle-kit generate` would write a new migration. It generates into a scratch copy of drizzle/.
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
mkdirSync(path.join(root, ".tmp"), { recursive: true });
// drizzle-kit only accepts an --out relative to the working directory.
const scratch = path.relative(root, mkdtempSync(path.join(root, ".tmp", "db-check-")));
try {
  cpSync(path.join(root, "drizzle"), scratch, { recursive: true });
  const before = new Set(readdirSync(scratch));
  const run = spawnSync(
    path.join(root, "node_modules", ".bin", "drizzle-kit"),
    ["generate", "--dialect=postgresql", "--schema=./src/server/db/schema/index.ts", `--out=${scratch}`],
    { cwd: root, encoding: "utf8" },
  );
  const output = `${run.stdout}${run.stderr}`;
  const added = readdirSync(scratch).filter((f) => !before.has(f));
  if (added.length > 0) {
    console.error(
      `db:check: the schema has changes without a migration (would generate ${added.join(", ")}).`,
    );
    console.error("Run `npm run db:generate -- --name <what-changed>` and commit the new file in drizzle/.");
    process.exitCode = 1;
  } else if (run.status !== 0 || !output.includes("No schema changes")) {
    // drizzle-kit exits 0 even when it fails, so success is read from what it printed.
    console.error(`db:check: drizzle-kit generate did not confirm the schema:\n${output}`);
    process.exitCode = 1;
  } else {
    console.log("db:check: the schema and the committed migrations agree");
  }
} finally {
  rmSync(path.join(root, scratch), { recursive: true, force: true });
}
