// bench/results.json keeps the last measured run of each benchmark under its name ({ scale, inbound }),
// so running one scenario does not erase the figures of another.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const file = path.join(import.meta.dirname, "results.json");

export function recordResult(name: string, result: Record<string, unknown>) {
  let all: Record<string, unknown> = {};
  if (existsSync(file)) {
    const stored = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
    // The file used to hold the scale run alone, at the top level.
    all = typeof stored.benchmark === "string" ? { [stored.benchmark]: stored } : stored;
  }
  all[name] = result;
  writeFileSync(file, `${JSON.stringify(all, null, 2)}\n`);
}
