// Builds the web app into dist/web when its sources changed since the last build (`npm start` and the
// browser tests call this, so a fresh clone shows the real app without a separate build step).
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const stampFile = path.join(root, "dist/web/.sources");
// Vitest sets NODE_ENV=test, which would make Vite bundle React's development build.
const BUILD_ENV = { ...process.env, NODE_ENV: "production" };
const INPUTS = ["src/web", "src/common", "vite.config.ts", "package-lock.json"];

function files(entry: string): string[] {
  const full = path.join(root, entry);
  if (!existsSync(full)) return [];
  if (!statSync(full).isDirectory()) return [entry];
  return readdirSync(full, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && !d.name.endsWith(".test.ts"))
    .map((d) => path.relative(root, path.join(d.parentPath, d.name)))
    .sort();
}

/** A hash of every input file's path and content: a checkout's mtimes say nothing. */
export function sourcesHash(): string {
  const hash = createHash("sha256");
  for (const file of INPUTS.flatMap(files))
    hash
      .update(file)
      .update("\0")
      .update(readFileSync(path.join(root, file)));
  return hash.digest("hex");
}

/** Runs `vite build` unless dist/web was built from exactly these sources. */
export function buildWebIfStale(log: (line: string) => void = console.log): void {
  // A production install without dev dependencies runs the dist/web it was shipped with.
  if (!existsSync(path.join(root, "node_modules/vite")) && existsSync(path.join(root, "dist/web/index.html")))
    return;
  const hash = sourcesHash();
  if (existsSync(stampFile) && readFileSync(stampFile, "utf8") === hash) return;
  log("Building the web app (dist/web)…");
  const vite = path.join(root, "node_modules/vite/bin/vite.js");
  const result = spawnSync(process.execPath, [vite, "build", "--logLevel", "warn"], {
    cwd: root,
    env: BUILD_ENV,
    stdio: "inherit",
  });
  if (result.status !== 0) throw new Error(`vite build failed with status ${result.status}`);
  writeFileSync(stampFile, hash);
}

if (import.meta.main) {
  if (process.argv.includes("--force")) {
    const result = spawnSync(process.execPath, [path.join(root, "node_modules/vite/bin/vite.js"), "build"], {
      cwd: root,
      env: BUILD_ENV,
      stdio: "inherit",
    });
    if (result.status !== 0) process.exit(result.status ?? 1);
    writeFileSync(stampFile, sourcesHash());
  } else {
    buildWebIfStale();
  }
}
