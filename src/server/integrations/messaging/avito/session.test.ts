// Tokens and errors of the Avito client, over real HTTP against the fake.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type AvitoFake, startAvitoFake } from "../../../../../test/fakes/avito.ts";
import { ProviderError } from "../../../platform/http-client.ts";
import { createAvitoClient, memoryTokenCache } from "./client.ts";

const credentials = { clientId: "app-1", clientSecret: "s3cret" };
const accountId = 94235311;

describe("Avito session", () => {
  let fake: AvitoFake;
  beforeAll(async () => {
    fake = await startAvitoFake({ ...credentials, accountId });
  });
  afterAll(() => fake.close());
  afterEach(() => {
    fake.tokenRequests.length = 0;
    fake.requests.length = 0;
  });

  const client = (extra: Partial<Parameters<typeof createAvitoClient>[0]> = {}) =>
    createAvitoClient({ baseUrl: fake.url, ...credentials, ...extra });

  it("gets a token with client credentials in a form, and reuses it", async () => {
    const avito = client();
    expect(await avito.getSelf()).toMatchObject({ id: accountId, name: "Flame Shop" });
    await avito.listWebhooks();
    expect(fake.tokenRequests).toEqual([
      { grantType: "client_credentials", clientId: "app-1", granted: true },
    ]);
    expect(fake.requests.map((r) => r.path)).toEqual([
      "/token",
      "/core/v1/accounts/self",
      "/messenger/v1/subscriptions",
    ]);
  });

  it("asks for one token when calls start together", async () => {
    const avito = client();
    await Promise.all([avito.getSelf(), avito.getSelf(), avito.listWebhooks()]);
    expect(fake.tokenRequests).toHaveLength(1);
  });

  it("refreshes the token before it expires", async () => {
    let now = Date.now();
    const avito = client({ now: () => now });
    await avito.getSelf();
    now += 86_400_000 - 6 * 60_000; // still more than the 5-minute margin left
    await avito.getSelf();
    expect(fake.tokenRequests).toHaveLength(1);
    now += 2 * 60_000; // inside the margin
    await avito.getSelf();
    expect(fake.tokenRequests).toHaveLength(2);
  });

  it("shares a token between clients through one cache", async () => {
    const tokenCache = memoryTokenCache();
    await client({ tokenCache }).getSelf();
    await client({ tokenCache }).listWebhooks();
    expect(fake.tokenRequests).toHaveLength(1);
  });

  it("on a 401 refreshes the token exactly once and repeats the call", async () => {
    const avito = client();
    await avito.getSelf();
    fake.expireTokens();
    fake.requests.length = 0;
    expect(await avito.getSelf()).toMatchObject({ id: accountId });
    expect(fake.tokenRequests).toHaveLength(2);
    expect(fake.requests.map((r) => r.path)).toEqual([
      "/core/v1/accounts/self",
      "/token",
      "/core/v1/accounts/self",
    ]);
  });

  it("gives up with a permanent error when the fresh token is refused too", async () => {
    const avito = client();
    await avito.getSelf();
    fake.expireTokens();
    fake.failNext({ status: 401, path: "/core", body: { error: { code: 401, message: "token revoked" } } });
    fake.failNext({ status: 401, path: "/core", body: { error: { code: 401, message: "token revoked" } } });
    const err = await avito.getSelf().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect(err).toMatchObject({ status: 401, permanent: true, message: "token revoked" });
    expect(fake.tokenRequests).toHaveLength(2);
  });

  it("reports refused credentials as permanent, with Avito's reason", async () => {
    const err = await client({ clientSecret: "wrong" })
      .getSelf()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect(err).toMatchObject({ status: 400, permanent: true, message: "invalid client id or secret" });
    expect((err as ProviderError).details.code).toBe("invalid_client");
  });

  it("treats an OAuth error inside a 200 from /token as a refusal", async () => {
    fake.failNext({ status: 200, path: "/token", body: { error: "invalid_client" } });
    const err = await client()
      .getSelf()
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 200, permanent: true, message: "invalid_client" });
  });

  it("reports a 403 as permanent with Avito's code and message", async () => {
    fake.failNext({
      status: 403,
      path: "/core",
      body: { error: { code: 4031, message: "no messenger access" } },
    });
    const err = await client()
      .getSelf()
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 403, permanent: true, message: "no messenger access" });
    expect((err as ProviderError).details.code).toBe(4031);
  });

  it("turns a 429 into a retryable error that waits for Retry-After", async () => {
    fake.failNext({ status: 429, path: "/core", retryAfter: 7 });
    const err = await client()
      .getSelf()
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 429, permanent: false, retryAfterMs: 7000 });
  });

  it("waits a default time after a 429 without Retry-After", async () => {
    fake.failNext({ status: 429, path: "/core" });
    const err = await client()
      .getSelf()
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 429, permanent: false, retryAfterMs: 10_000 });
  });

  it("treats 5xx, from the API or from /token, as retryable", async () => {
    fake.failNext({ status: 503, path: "/token", body: "<html>Bad gateway</html>" });
    const fromToken = await client()
      .getSelf()
      .catch((e: unknown) => e);
    expect(fromToken).toMatchObject({ status: 503, permanent: false });
    fake.failNext({ status: 500, path: "/core" });
    const fromApi = await client()
      .getSelf()
      .catch((e: unknown) => e);
    expect(fromApi).toMatchObject({ status: 500, permanent: false, message: "fake failure 500" });
  });

  it("gives up after the timeout with a retryable error", async () => {
    const avito = client({ timeoutMs: 100 });
    await avito.getSelf();
    fake.failNext({ status: 200, path: "/core", delayMs: 500 });
    const err = await avito.getSelf().catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 0, permanent: false, message: "avito did not answer in 100 ms" });
  });

  it("rejects a malformed answer as retryable", async () => {
    fake.failNext({ status: 200, path: "/core", body: "<html>maintenance</html>" });
    const err = await client()
      .getSelf()
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 200, permanent: false });
    expect((err as ProviderError).details.code).toBe("malformed_response");
    fake.failNext({ status: 200, path: "/token", body: { token_type: "Bearer" } });
    const noToken = await client()
      .getSelf()
      .catch((e: unknown) => e);
    expect(noToken).toMatchObject({
      status: 200,
      permanent: false,
      message: expect.stringContaining("access_token"),
    });
  });
});
