import { and, desc, eq } from "drizzle-orm";
import type { App } from "../../src/server/app.ts";
import type { Db } from "../../src/server/db/client.ts";
import { mailOutbox } from "../../src/server/db/schema/index.ts";

export const ORIGIN = "http://localhost:3000";
export const PASSWORD = "correct horse battery";

export interface Session {
  cookie: string;
  email: string;
  /** Headers for a cookie-authenticated call from our own pages (with Origin, as a browser sends it). */
  headers: Record<string, string>;
}

let n = 0;
export const uniqueEmail = (prefix = "user") => `${prefix}.${process.pid}.${Date.now()}.${n++}@example.ru`;

function sessionFrom(setCookie: string | string[] | undefined, email: string): Session {
  const cookies = (Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []).map(
    (c) => c.split(";")[0],
  );
  const cookie = cookies.join("; ");
  if (!cookie) throw new Error("no session cookie was set");
  return { cookie, email, headers: { cookie, origin: ORIGIN } };
}

export async function signUp(
  app: App,
  input: {
    email?: string;
    name?: string;
    password?: string;
    workspaceName?: string;
    invitationToken?: string;
  } = {},
) {
  const email = input.email ?? uniqueEmail();
  const res = await app.inject({
    method: "POST",
    url: "/api/auth/sign-up/email",
    headers: { origin: ORIGIN },
    payload: {
      email,
      name: input.name ?? "Иван Петров",
      password: input.password ?? PASSWORD,
      workspaceName: input.workspaceName,
      invitationToken: input.invitationToken,
    },
  });
  if (res.statusCode !== 200) throw new Error(`sign-up failed: ${res.statusCode} ${res.body}`);
  return sessionFrom(res.headers["set-cookie"], email);
}

export async function signIn(app: App, email: string, password = PASSWORD) {
  const res = await app.inject({
    method: "POST",
    url: "/api/auth/sign-in/email",
    headers: { origin: ORIGIN },
    payload: { email, password },
  });
  if (res.statusCode !== 200) throw new Error(`sign-in failed: ${res.statusCode} ${res.body}`);
  return sessionFrom(res.headers["set-cookie"], email);
}

/** The newest mail of a kind sent to an address, as the `mail_outbox` table keeps it. */
export async function lastMail(db: Db, to: string, kind: string) {
  const [mail] = await db
    .select()
    .from(mailOutbox)
    .where(and(eq(mailOutbox.to, to.toLowerCase()), eq(mailOutbox.kind, kind)))
    .orderBy(desc(mailOutbox.id))
    .limit(1);
  if (!mail) throw new Error(`no ${kind} mail to ${to}`);
  return mail;
}

/** The token in the link of a mail (`?token=…`). */
export const tokenIn = (text: string) => {
  const token = text.match(/[?&]token=([^\s&]+)/)?.[1];
  if (!token) throw new Error(`no token in: ${text}`);
  return decodeURIComponent(token);
};
