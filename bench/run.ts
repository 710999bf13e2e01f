// `npm run bench`: the start-up benchmark, then the API at scale. Arguments go to both
// (`npm run bench -- --scale 1m`); scale.ts defaults to --scale 50k.
import { spawnSync } from "node:child_process";
import path from "node:path";

const args = process.argv.slice(2);
for (const file of ["startup.ts", "scale.ts"]) {
  const { status } = spawnSync(process.execPath, [path.join(import.meta.dirname, file), ...args], {
    stdio: "inherit",
  });
  if (status !== 0) process.exit(status ?? 1);
}
