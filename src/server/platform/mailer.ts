import { eq } from "drizzle-orm";
import type { FastifyBaseLogger } from "fastify";
import nodemailer from "nodemailer";
import type { Db } from "../db/client.ts";
import { mailOutbox } from "../db/schema/index.ts";

export interface Mail {
  to: string;
  subject: string;
  text: string;
  /** What the mail is for (verify-email, reset-password, invitation): lets tests and support find it. */
  kind: string;
}

export type Mailer = ReturnType<typeof createMailer>;

/**
 * Every mail is recorded in `mail_outbox`. With SMTP_URL it is also sent; without it, it is written
 * to the log so a self-hosted admin can still copy a link from there.
 */
export function createMailer(options: { db: Db; log: FastifyBaseLogger; smtpUrl?: string; from: string }) {
  const transport = options.smtpUrl ? nodemailer.createTransport(options.smtpUrl) : null;
  return {
    async send(mail: Mail) {
      const [row] = await options.db.insert(mailOutbox).values(mail).returning({ id: mailOutbox.id });
      if (!transport || !row) {
        options.log.info(
          { mail: { to: mail.to, subject: mail.subject, kind: mail.kind, text: mail.text } },
          "mail (no SMTP configured)",
        );
        return;
      }
      try {
        await transport.sendMail({ from: options.from, to: mail.to, subject: mail.subject, text: mail.text });
        await options.db.update(mailOutbox).set({ sentAt: new Date() }).where(eq(mailOutbox.id, row.id));
      } catch (err) {
        options.log.error({ err, to: mail.to, kind: mail.kind }, "sending mail failed");
        await options.db
          .update(mailOutbox)
          .set({ error: String(err) })
          .where(eq(mailOutbox.id, row.id));
      }
    },
  };
}
