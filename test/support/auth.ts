import type { App } from "../../src/server/app.ts";

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
  input: { email?: string; name?: string; password?: string; workspaceName?: string } = {},
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
