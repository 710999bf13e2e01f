import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../config.ts";
import { createSecretBox } from "../../platform/crypto.ts";
import { type IntegrationRow, openCredentials, sealCredentials } from "./channels.ts";

const secrets = createSecretBox(randomBytes(32));
const row = (platform: IntegrationRow["platform"], credentials: string) =>
  ({ id: "i1", platform, credentials }) as IntegrationRow;

describe("channel credentials", () => {
  it("seals a platform's credentials and opens them only as that platform's", () => {
    const sealed = sealCredentials(secrets, "telegram", {
      token: "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw",
    });
    expect(sealed).not.toContain("AAH");
    expect(openCredentials(secrets, "telegram", row("telegram", sealed))).toEqual({
      token: "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw",
    });
    expect(() => openCredentials(secrets, "whatsapp", row("telegram", sealed))).toThrow(/is telegram/);
  });

  it("refuses credentials missing what the platform needs", () => {
    expect(() => sealCredentials(secrets, "avito", { clientId: "id" } as never)).toThrow();
  });

  it("points clients at the configured provider URLs", () => {
    const config = loadConfig({
      FLAME_TELEGRAM_API_URL: "http://127.0.0.1:9/",
      FLAME_AVITO_API_URL: "http://x",
    });
    expect(config.providers).toEqual({
      telegram: "http://127.0.0.1:9",
      whatsapp: "https://graph.facebook.com",
      avito: "http://x",
      moysklad: "https://api.moysklad.ru/api/remap/1.2",
      yandexDirect: "https://api.direct.yandex.com",
    });
    expect(() => loadConfig({ FLAME_WHATSAPP_API_URL: "ftp://x" })).toThrow(/FLAME_WHATSAPP_API_URL/);
  });
});
