// The SSRF guard without a network: literal addresses, `localhost` (the hosts file) and a name that
// cannot resolve (.invalid is reserved and never resolves).
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { fetch } from "undici";
import { describe, expect, it } from "vitest";
import { AppError } from "../../platform/errors.ts";
import { checkWebhookUrl, isPrivateAddress, publicOnlyDispatcher } from "./url-guard.ts";

const strict = { allowPrivate: false };
const lenient = { allowPrivate: true };

async function refusal(url: string, options = strict) {
  try {
    await checkWebhookUrl(url, options);
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    const e = err as AppError;
    expect(e.status).toBe(422);
    expect(e.code).toBe("validation_failed");
    expect(e.details).toEqual([{ field: "body.url", message: e.message }]);
    return e.message;
  }
  return null;
}

describe("checkWebhookUrl", () => {
  it.each([
    "https://93.184.215.14/hooks/flame",
    "http://8.8.8.8:8080/",
    "https://[2606:4700:4700::1111]/webhook",
    "https://1.1.1.1/path?query=1#frag",
  ])("accepts a public address: %s", async (url) => {
    expect(await refusal(url)).toBeNull();
  });

  it.each([
    ["ftp://93.184.215.14/", /http:\/\/ or https:\/\//],
    ["javascript:alert(1)", /http:\/\/ or https:\/\//],
    ["file:///etc/passwd", /http:\/\/ or https:\/\//],
    ["not a url", /not a valid URL/],
    ["", /not a valid URL/],
    ["https://user:pass@93.184.215.14/", /user name or password/],
    ["https://token@93.184.215.14/", /user name or password/],
    [`https://93.184.215.14/${"a".repeat(1980)}`, /longer than 2000/],
  ])("refuses %s", async (url, message) => {
    expect(await refusal(url)).toMatch(message);
  });

  it("takes exactly 2 000 characters", async () => {
    const base = "https://93.184.215.14/";
    expect(await refusal(base + "a".repeat(2000 - base.length))).toBeNull();
    expect(await refusal(base + "a".repeat(2001 - base.length))).toMatch(/longer than 2000/);
  });

  it.each([
    "http://127.0.0.1/",
    "http://127.255.0.9:3000/",
    "http://10.1.2.3/",
    "http://172.16.0.1/",
    "http://172.31.255.255/",
    "http://192.168.1.1/",
    "http://169.254.169.254/latest/meta-data/", // the cloud metadata service
    "http://100.64.0.1/", // CGNAT
    "http://100.127.255.254/",
    "http://0.0.0.0/",
    "http://224.0.0.1/", // multicast
    "http://239.255.255.250/",
    "http://255.255.255.255/", // broadcast
    "http://240.0.0.1/",
    "http://198.18.0.1/",
    "http://[::1]/",
    "http://[::]/",
    "http://[fc00::1]/", // unique local
    "http://[fd12:3456:789a::1]/",
    "http://[fe80::1]/", // link-local
    "http://[ff02::1]/", // multicast
    "http://[::ffff:127.0.0.1]/", // IPv4-mapped
    "http://[::ffff:7f00:1]/",
    "http://[::ffff:8.8.8.8]/", // mapped, even to a public address: it hides an IPv4 target
    "http://[::ffff:a9fe:a9fe]/", // mapped 169.254.169.254
    "http://[64:ff9b::10.0.0.1]/", // NAT64 to a private address
    // Other spellings of 127.0.0.1 that WHATWG URL normalises.
    "http://2130706433/",
    "http://0x7f.1/",
    "http://0177.0.0.1/",
    "http://127.1/",
  ])("refuses the internal address %s", async (url) => {
    expect(await refusal(url)).toMatch(/private, loopback or otherwise internal/);
  });

  it("refuses localhost by what it resolves to", async () => {
    expect(await refusal("http://localhost:8080/hook")).toMatch(/localhost resolves to .*internal address/);
  });

  it("refuses a host that does not resolve", async () => {
    expect(await refusal("https://no-such-host.invalid/hook")).toMatch(
      /no-such-host\.invalid could not be resolved/,
    );
  });

  it("allows internal hosts with FLAME_ALLOW_PRIVATE_WEBHOOKS, but still checks the rest", async () => {
    expect(await refusal("http://127.0.0.1:8080/", lenient)).toBeNull();
    expect(await refusal("http://localhost/", lenient)).toBeNull();
    expect(await refusal("http://[::1]/", lenient)).toBeNull();
    expect(await refusal("ftp://127.0.0.1/", lenient)).toMatch(/http/);
    expect(await refusal("http://a:b@127.0.0.1/", lenient)).toMatch(/user name or password/);
    expect(await refusal(`http://127.0.0.1/${"a".repeat(2000)}`, lenient)).toMatch(/longer than/);
  });
});

// DNS rebinding: a host that resolved to a public address when the URL was checked may resolve to an
// internal one when the delivery connects. The connection's own lookup refuses it; `localhost` stands
// for such a host here, as this test cannot change DNS.
describe("publicOnlyDispatcher", () => {
  it("refuses to connect to a host that resolves to an internal address, and sends nothing", async () => {
    let received = 0;
    const server = createServer((_req, res) => {
      received += 1;
      res.end("ok");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const error = await fetch(`http://localhost:${port}/hook`, {
        method: "POST",
        body: "{}",
        dispatcher: publicOnlyDispatcher,
      }).catch((err: Error & { cause?: { code?: string; message?: string } }) => err);
      expect(error).toBeInstanceOf(Error);
      const cause = (error as Error & { cause?: { code?: string; message?: string } }).cause;
      expect(cause?.code).toBe("EPRIVATEADDRESS");
      expect(cause?.message).toMatch(/localhost now resolves to .*internal address/);
      expect(received).toBe(0);
      // The same request without the guard reaches the server: the refusal above is the guard's.
      expect((await fetch(`http://localhost:${port}/hook`)).status).toBe(200);
      expect(received).toBe(1);
    } finally {
      server.close();
    }
  });
});

describe("isPrivateAddress", () => {
  it.each([
    ["8.8.8.8", false],
    ["100.63.255.255", false], // just below CGNAT
    ["100.128.0.0", false], // just above
    ["172.15.255.255", false],
    ["172.32.0.0", false],
    ["2a00:1450:4001::200e", false],
    ["64:ff9b::8.8.8.8", false], // NAT64 to a public address
    ["100.64.0.0", true],
    ["172.16.0.0", true],
    ["fe80::1%eth0", true], // zone ids come with link-local answers
    ["febf::1", true],
    ["fec0::1", true],
    ["::ffff:10.0.0.1", true],
    ["::127.0.0.1", true], // the deprecated IPv4-compatible form
    ["not-an-ip", true],
  ])("%s → %s", (address, expected) => {
    expect(isPrivateAddress(address)).toBe(expected);
  });
});
