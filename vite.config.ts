// The web app: built into dist/web, which the server hosts; `npm run dev` serves it with a proxy to the API.
import { gzipSync } from "node:zlib";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";

/** The budget for JavaScript loaded before the first page renders (entry chunk and its static imports). */
const INITIAL_JS_LIMIT_KB = 350;

function initialBundleReport(): Plugin {
  return {
    name: "flame-initial-bundle",
    apply: "build",
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).filter((c) => c.type === "chunk");
      const entry = chunks.find((c) => c.isEntry);
      if (!entry) return;
      const initial = new Set<string>();
      const visit = (fileName: string) => {
        if (initial.has(fileName)) return;
        initial.add(fileName);
        const chunk = chunks.find((c) => c.fileName === fileName);
        for (const imported of chunk?.imports ?? []) visit(imported);
      };
      visit(entry.fileName);
      const bytes = [...initial].reduce((sum, fileName) => {
        const chunk = chunks.find((c) => c.fileName === fileName);
        return sum + (chunk ? gzipSync(chunk.code).length : 0);
      }, 0);
      const kb = Math.round(bytes / 1024);
      this.info(
        `initial JavaScript: ${kb} KB gzip in ${initial.size} chunks (budget ${INITIAL_JS_LIMIT_KB} KB)`,
      );
      if (kb > INITIAL_JS_LIMIT_KB) {
        const sizes = [...initial].map((fileName) => {
          const chunk = chunks.find((c) => c.fileName === fileName);
          return `${fileName} ${Math.round(gzipSync(chunk?.code ?? "").length / 1024)} KB`;
        });
        this.error(`initial JavaScript ${kb} KB gzip is over ${INITIAL_JS_LIMIT_KB} KB: ${sizes.join(", ")}`);
      }
    },
  };
}

const api = process.env.FLAME_DEV_API ?? "http://localhost:3000";

export default defineConfig({
  root: "src/web",
  plugins: [react(), initialBundleReport()],
  build: { outDir: "../../dist/web", emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 1500 },
  server: {
    port: 5173,
    proxy: {
      // The API checks the Origin of writes (CSRF), so the proxy presents the API's own origin.
      "/api": {
        target: api,
        configure: (proxy) => proxy.on("proxyReq", (req) => req.setHeader("origin", api)),
      },
    },
  },
});
