// `npm run bench [scenario] [arguments]`. Without a scenario: the start-up benchmark, then the API at
// scale, each given the arguments (`npm run bench -- --scale 1m`; scale.ts defaults to --scale 50k).
// With one, only that scenario: `npm run bench -- inbound --concurrency 32`.
import { spawnSync } from "node:child_process";
import path from "node:path";

const SCENARIOS = {
  startup: "startup.ts",
  scale: "scale.ts",
  inbound: "inbound.ts",
  webhooks: "webhooks.ts",
  moysklad: "moysklad.ts",
} as const;

const [first, ...rest] = process.argv.slice(2);
const chosen = first && Object.hasOwn(SCENARIOS, first) ? SCENARIOS[first as keyof typeof SCENARIOS] : null;
if (first && !first.startsWith("-") && !chosen) {
  console.error(`unknown scenario ${first}: one of ${Object.keys(SCENARIOS).join(", ")}`);
  process.exit(2);
}
const files = chosen ? [chosen] : [SCENARIOS.startup, SCENARIOS.scale];
const args = chosen ? rest : process.argv.slice(2);
for (const file of files) {
  const { status } = spawnSync(process.execPath, [path.join(import.meta.dirname, file), ...args], {
    stdio: "inherit",
  });
  if (status !== 0) process.exit(status ?? 1);
}
