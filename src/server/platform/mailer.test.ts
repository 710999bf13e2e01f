import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeSmtp } from "../../../test/fakes/smtp.ts";
import { createTestApp, type TestApp } from "../../../test/support/app.ts";
import { signUp, uniqueEmail } from "../../../test/support/auth.ts";
import { mailOutbox } from "../db/schema/index.ts";

describe("mail over SMTP", () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startFakeSmtp>>;
  const adminEmail = uniqueEmail("operator");
  beforeAll(async () => {
    smtp = await startFakeSmtp();
    t = await createTestApp({
      env: { SMTP_URL: smtp.url, MAIL_FROM: "crm@flame.example", FLAME_ADMIN_EMAIL: adminEmail },
    });
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it("sends the verification mail through SMTP and records it as sent", async () => {
    const s = await signUp(t.app);
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]).toMatchObject({ from: "crm@flame.example", to: [s.email] });
    // The body is quoted-printable: undo soft line breaks and the escaped "=".
    const body = smtp.received[0]?.raw.replace(/=\r\n/g, "").replace(/=3D/g, "=");
    expect(body).toContain("http://localhost:3000/verify-email?token=");
    const [row] = await t.database.db.select().from(mailOutbox).where(eq(mailOutbox.to, s.email));
    expect(row?.sentAt).toBeInstanceOf(Date);
    expect(row?.error).toBeNull();
  });

  it("makes FLAME_ADMIN_EMAIL a platform admin even when it is not the first account", async () => {
    const other = await signUp(t.app);
    const operator = await signUp(t.app, { email: adminEmail });
    expect((await t.app.inject({ url: "/api/admin/users", headers: operator.headers })).statusCode).toBe(200);
    expect((await t.app.inject({ url: "/api/admin/users", headers: other.headers })).statusCode).toBe(403);
  });
});
