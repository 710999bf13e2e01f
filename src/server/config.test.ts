import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.ts";

describe("config", () => {
  it("has defaults that run the embedded database on port 3000", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      dataDir: "./data",
      databaseUrl: undefined,
      autoMigrate: true,
      role: "all",
      runsHttp: true,
      runsJobs: true,
      publicUrl: "http://localhost:3000",
      logLevel: "info",
      allowPrivateWebhooks: false,
    });
  });

  it("lets webhooks reach private addresses only when asked", () => {
    expect(loadConfig({ FLAME_ALLOW_PRIVATE_WEBHOOKS: "true" }).allowPrivateWebhooks).toBe(true);
    expect(loadConfig({ FLAME_ALLOW_PRIVATE_WEBHOOKS: "false" }).allowPrivateWebhooks).toBe(false);
  });

  it("treats an empty value as unset", () => {
    expect(loadConfig({ DATABASE_URL: "", PORT: "" })).toMatchObject({ databaseUrl: undefined, port: 3000 });
  });

  it("refuses a PostgreSQL server without an encryption key, and takes one with it", () => {
    const url = "postgres://flame@db:5432/flame";
    expect(() => loadConfig({ DATABASE_URL: url })).toThrow(
      /FLAME_ENCRYPTION_KEY is required with DATABASE_URL/,
    );
    const key = Buffer.alloc(32, 1).toString("base64");
    expect(loadConfig({ DATABASE_URL: url, FLAME_ENCRYPTION_KEY: key })).toMatchObject({
      encryptionKey: key,
    });
  });

  it("splits the roles between HTTP and jobs", () => {
    expect(loadConfig({ FLAME_ROLE: "web" })).toMatchObject({ runsHttp: true, runsJobs: false });
    expect(loadConfig({ FLAME_ROLE: "worker" })).toMatchObject({ runsHttp: false, runsJobs: true });
    expect(loadConfig({ FLAME_AUTO_MIGRATE: "false" }).autoMigrate).toBe(false);
  });

  it("uses secure cookies only behind https", () => {
    expect(loadConfig({ PUBLIC_URL: "https://crm.example.ru/" })).toMatchObject({
      publicUrl: "https://crm.example.ru",
      secureCookies: true,
    });
  });

  it.each([
    ["PORT", "abc", "a port number"],
    ["PORT", "70000", "a port number"],
    ["DATABASE_URL", "mysql://x@y/z", "postgres://"],
    ["FLAME_ROLE", "api", "one of all, web, worker"],
    ["FLAME_AUTO_MIGRATE", "maybe", "true or false"],
    ["FLAME_ALLOW_PRIVATE_WEBHOOKS", "sometimes", "true or false"],
    ["LOG_LEVEL", "loud", "one of fatal"],
    ["PUBLIC_URL", "crm.example.ru", "an http(s) URL"],
    ["FLAME_ENCRYPTION_KEY", "short", "32 random bytes"],
  ])("refuses %s=%s naming the variable and what it expects", (name, value, expected) => {
    let error: unknown;
    try {
      loadConfig({ [name]: value });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(`${name}="${value}" is invalid: expected`);
    expect((error as Error).message).toContain(expected);
  });
});
