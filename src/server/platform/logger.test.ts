import { describe, expect, it } from "vitest";
import { createLogger, redactUrl } from "./logger.ts";

describe("logger", () => {
  it("never writes credentials", () => {
    const lines: string[] = [];
    const log = createLogger("info", { write: (line: string) => lines.push(line) });
    log.info(
      {
        req: { headers: { authorization: "Bearer flm_live_abc", cookie: "session=s3cr3t", host: "crm" } },
        integration: {
          name: "bot",
          token: "123:telegram-token",
          settings: { clientSecret: "x", password: "p" },
        },
        password: "hunter2hunter2",
      },
      "connected",
    );
    const written = lines.join("");
    for (const secret of ["flm_live_abc", "s3cr3t", "123:telegram-token", "hunter2hunter2", '"p"', '"x"']) {
      expect(written).not.toContain(secret);
    }
    expect(written).toContain('"host":"crm"');
    expect(written).toContain("[redacted]");
  });

  it("hides secrets that providers put in webhook URLs", () => {
    expect(redactUrl("/api/hooks/avito/i1?k=s3cr3t&x=1")).toBe("/api/hooks/avito/i1?k=%5Bredacted%5D&x=1");
    expect(redactUrl("/api/hooks/whatsapp/i1?hub.mode=subscribe&hub.verify_token=vt&hub.challenge=42")).toBe(
      "/api/hooks/whatsapp/i1?hub.mode=subscribe&hub.verify_token=%5Bredacted%5D&hub.challenge=42",
    );
    expect(redactUrl("/api/contacts?q=Иван")).toBe("/api/contacts?q=Иван");
  });
});
