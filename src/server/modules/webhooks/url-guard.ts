// Where a webhook may point. A webhook makes the server send requests to a URL a customer chose, so
// without this check it could probe the internal network (databases, cloud metadata at 169.254.169.254).
// The host is resolved and every address it resolves to must be public, when the URL is saved and
// again as each delivery connects (publicOnlyDispatcher): a DNS answer that changes in between (DNS
// rebinding) cannot lead a delivery to an internal address.
import dns, { type LookupAddress } from "node:dns";
import { BlockList, isIP, type LookupFunction } from "node:net";
import { Agent } from "undici";
import { AppError } from "../../platform/errors.ts";

export const MAX_WEBHOOK_URL_LENGTH = 2000;
const LOOKUP_TIMEOUT_MS = 5000;

// Private, loopback, link-local, CGNAT, multicast, unspecified, broadcast and other non-public ranges.
// Two lists: one BlockList matches IPv4 addresses against IPv6 rules through their mapped form.
const blockedV4 = new BlockList();
const blockedV6 = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8], // "this network", incl. the unspecified 0.0.0.0
  ["10.0.0.0", 8],
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8],
  ["169.254.0.0", 16], // link-local, cloud metadata
  ["172.16.0.0", 12],
  ["192.0.0.0", 24], // IETF protocol assignments
  ["192.168.0.0", 16],
  ["198.18.0.0", 15], // benchmarking
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, incl. the broadcast 255.255.255.255
] as const) {
  blockedV4.addSubnet(net, prefix, "ipv4");
}
for (const [net, prefix] of [
  ["::", 96], // unspecified, loopback and the deprecated IPv4-compatible forms
  ["::ffff:0:0", 96], // IPv4-mapped: no receiver needs them, and they hide an IPv4 target
  ["fc00::", 7], // unique local
  ["fe80::", 10], // link-local
  ["fec0::", 10], // the deprecated site-local
  ["ff00::", 8], // multicast
] as const) {
  blockedV6.addSubnet(net, prefix, "ipv6");
}

/** Whether an IP address (v4 or v6, as text) must not be the target of a webhook. */
export function isPrivateAddress(address: string): boolean {
  const ip = address.replace(/^\[|\]$/g, "").replace(/%.*$/, ""); // brackets and an IPv6 zone id
  const family = isIP(ip);
  if (family === 4) return blockedV4.check(ip, "ipv4");
  if (family !== 6) return true; // not an address at all: refuse rather than guess
  const embedded = embeddedIpv4(ip);
  if (embedded && isPrivateAddress(embedded)) return true;
  return blockedV6.check(ip, "ipv6");
}

/**
 * The IPv4 address inside an IPv4-mapped (::ffff:a.b.c.d) or NAT64 (64:ff9b::a.b.c.d) IPv6 address,
 * which reaches that IPv4 host; null for any other address.
 */
function embeddedIpv4(ipv6: string): string | null {
  const groups = expandIpv6(ipv6);
  if (!groups) return null;
  const mapped = groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff;
  const nat64 = groups[0] === 0x64 && groups[1] === 0xff9b && groups.slice(2, 6).every((g) => g === 0);
  if (!mapped && !nat64) return null;
  const [high = 0, low = 0] = groups.slice(6);
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join(".");
}

/** The eight 16-bit groups of an IPv6 address (WHATWG URL normalises the dotted-quad tail away). */
function expandIpv6(ipv6: string): number[] | null {
  let normal: string;
  try {
    normal = new URL(`http://[${ipv6}]/`).hostname.slice(1, -1);
  } catch {
    return null;
  }
  const [head = "", tail] = normal.split("::");
  const parse = (part: string) => (part ? part.split(":").map((g) => Number.parseInt(g, 16)) : []);
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  const groups = [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
  return groups.length === 8 ? groups : null;
}

const invalid = (message: string) =>
  new AppError("validation_failed", message, [{ field: "body.url", message }]);

/**
 * Throws a 422 unless `url` is an http(s) URL of at most 2 000 characters, without credentials, whose
 * host is (or resolves only to) public addresses. `allowPrivate` (FLAME_ALLOW_PRIVATE_WEBHOOKS) skips
 * the address check for tests and LAN installs.
 */
export async function checkWebhookUrl(url: string, options: { allowPrivate: boolean }): Promise<void> {
  if (url.length > MAX_WEBHOOK_URL_LENGTH) {
    throw invalid(`The URL is longer than ${MAX_WEBHOOK_URL_LENGTH} characters`);
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalid("The URL is not a valid URL");
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw invalid("The URL must start with http:// or https://");
  }
  if (parsed.username || parsed.password) {
    throw invalid("The URL must not carry a user name or password; the signature authenticates us");
  }
  if (options.allowPrivate) return;

  const host = parsed.hostname.replace(/^\[|\]$/g, "");
  const addresses = isIP(host) ? [host] : await resolve(host);
  const refused = addresses.find(isPrivateAddress);
  if (refused) {
    throw invalid(
      refused === host
        ? `${host} is a private, loopback or otherwise internal address`
        : `${host} resolves to ${refused}, a private, loopback or otherwise internal address`,
    );
  }
}

async function resolve(host: string): Promise<string[]> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("DNS lookup timed out")), LOOKUP_TIMEOUT_MS);
  });
  try {
    const answers = await Promise.race([dns.promises.lookup(host, { all: true, verbatim: true }), timeout]);
    if (answers.length === 0) throw new Error("no addresses");
    return answers.map((a) => a.address);
  } catch {
    throw invalid(`The host ${host} could not be resolved`);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The DNS lookup of the connection itself: the addresses a socket is about to connect to must all be
 * public, so the check cannot be outrun by a DNS answer that changed since checkWebhookUrl.
 */
const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (err, answers: LookupAddress[]) => {
    if (err) return callback(err, "", 0);
    const refused = answers.find((a) => isPrivateAddress(a.address));
    if (refused) {
      const error = Object.assign(
        new Error(`${hostname} now resolves to ${refused.address}, an internal address`),
        {
          code: "EPRIVATEADDRESS",
        },
      );
      return callback(error, "", 0);
    }
    if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, answers);
    const [first] = answers;
    callback(null, first!.address, first!.family);
  });
};

/** The HTTP dispatcher of webhook deliveries when private targets are not allowed. */
export const publicOnlyDispatcher = new Agent({ connect: { lookup: publicOnlyLookup } });
