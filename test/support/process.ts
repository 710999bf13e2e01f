import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { TEST_ENCRYPTION_KEY } from "./postgres.ts";

const root = path.resolve(import.meta.dirname, "../..");

export interface ServerProcess {
  child: ChildProcess;
  output(): string;
  stderr(): string;
  /** Resolves with the base URL once the server logs that it is running. */
  running(timeoutMs?: number): Promise<string>;
  exited(timeoutMs?: number): Promise<number | null>;
  stop(): Promise<number | null>;
}

/** Starts `node <script>` (the real `npm start` entry by default) with only the given environment. */
export function spawnServer(env: Record<string, string>, script = "src/server/main.ts"): ServerProcess {
  const child = spawn(process.execPath, [path.join(root, script)], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? "",
      PORT: "0",
      HOST: "127.0.0.1",
      LOG_LEVEL: "info",
      ...(env.DATABASE_URL ? { FLAME_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY } : {}),
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout?.on("data", (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on("data", (d: Buffer) => {
    err += d.toString();
  });
  const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const exited = (timeoutMs = 30_000) =>
    Promise.race([
      exit,
      new Promise<never>((_, reject) =>
        setTimeout(
          () => reject(new Error(`server did not exit in ${timeoutMs} ms:\n${out}\n${err}`)),
          timeoutMs,
        ).unref(),
      ),
    ]);
  return {
    child,
    output: () => out + err,
    stderr: () => err,
    exited,
    async running(timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const match = out.match(/"url":"(http:\/\/[^"]+)".*"msg":"Flame CRM is running"/);
        if (match?.[1]) return match[1];
        if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${out}\n${err}`);
        if (Date.now() > deadline)
          throw new Error(`server did not start in ${timeoutMs} ms:\n${out}\n${err}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      return exited();
    },
  };
}
