import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ProviderError, providerBytes, providerRequest, retryAfterMs } from "./http-client.ts";

describe("provider requests", () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === "/slow") return void setTimeout(() => res.end("late"), 2000);
      if (req.url === "/stalls") {
        res.writeHead(200).write("half");
        return void setTimeout(() => res.end(" and the rest"), 2000);
      }
      if (req.url === "/file") {
        return void res
          .writeHead(200, { "content-type": "image/png" })
          .end(Buffer.from([137, 80, 78, 71, 0, 255]));
      }
      if (req.url === "/unannounced") {
        // Chunked, no Content-Length: the cap must be counted while reading.
        res.writeHead(200, { "content-type": "application/octet-stream" });
        res.write(Buffer.alloc(600));
        return void res.end(Buffer.alloc(600));
      }
      if (req.url === "/redirect") return void res.writeHead(302, { location: "http://127.0.0.1:1/" }).end();
      res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it("answers with the status and the raw text", async () => {
    const res = await providerRequest({ provider: "fake", url: `${base}/ok` });
    expect(res).toMatchObject({ status: 200, text: '{"ok":true}' });
  });

  it("gives up after the timeout with a retryable error", async () => {
    const err = await providerRequest({ provider: "fake", url: `${base}/slow`, timeoutMs: 200 }).catch(
      (e) => e,
    );
    expect(err).toBeInstanceOf(ProviderError);
    expect(err).toMatchObject({ status: 0, permanent: false, message: "fake did not answer in 200 ms" });
  });

  it("gives up on an answer that stalls halfway with the same retryable error", async () => {
    const err = await providerRequest({ provider: "fake", url: `${base}/stalls`, timeoutMs: 200 }).catch(
      (e) => e,
    );
    expect(err).toMatchObject({ name: "ProviderError", status: 0, message: "fake did not answer in 200 ms" });
  });

  it("does not follow redirects", async () => {
    expect((await providerRequest({ provider: "fake", url: `${base}/redirect` })).status).toBe(302);
  });

  it("reports an unreachable provider as retryable", async () => {
    const err = await providerRequest({ provider: "fake", url: "http://127.0.0.1:1/" }).catch((e) => e);
    expect(err).toMatchObject({ status: 0, permanent: false, message: "fake is unreachable" });
  });

  it("reads a body as bytes, and refuses one over the cap, announced or not", async () => {
    const file = await providerBytes({ provider: "fake", url: `${base}/file` });
    expect(file.status).toBe(200);
    expect([...file.bytes]).toEqual([137, 80, 78, 71, 0, 255]);
    const announced = await providerBytes({ provider: "fake", url: `${base}/file`, maxBytes: 5 }).catch(
      (e) => e,
    );
    expect(announced).toMatchObject({
      name: "ProviderError",
      permanent: true,
      details: { code: "too_large" },
    });
    const counted = await providerBytes({
      provider: "fake",
      url: `${base}/unannounced`,
      maxBytes: 1000,
    }).catch((e) => e);
    expect(counted).toMatchObject({ permanent: true, message: "fake sent a file over 1000 bytes" });
    const fits = await providerBytes({ provider: "fake", url: `${base}/unannounced`, maxBytes: 1200 });
    expect(fits.bytes.byteLength).toBe(1200);
  });

  it("stops when the caller's signal aborts, before the timeout", async () => {
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 50);
    const err = await providerRequest({
      provider: "fake",
      url: `${base}/slow`,
      timeoutMs: 5000,
      signal: controller.signal,
    }).catch((e) => e);
    expect(err).toMatchObject({ name: "ProviderError", permanent: false, details: { code: "aborted" } });
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it("reads Retry-After in seconds or as a date", () => {
    expect(retryAfterMs("3")).toBe(3000);
    expect(retryAfterMs("Wed, 25 Nov 2026 12:00:10 GMT", Date.parse("Wed, 25 Nov 2026 12:00:00 GMT"))).toBe(
      10_000,
    );
    expect(retryAfterMs(null)).toBeUndefined();
    expect(retryAfterMs("soon")).toBeUndefined();
  });
});
