import type { App } from "../../src/server/app.ts";
import type { Db } from "../../src/server/db/client.ts";
import { lastMail, type Session, signUp, tokenIn } from "./auth.ts";

type Headers = { headers: Record<string, string> };

/** A JSON call as a session or an API key would make it. */
export function caller(app: App) {
  return (who: Session | Headers, method: string, url: string, payload?: unknown) =>
    app.inject({
      method: method as "GET",
      url,
      headers: who.headers,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
}

export async function meOf(app: App, who: Session | Headers) {
  return (await caller(app)(who, "GET", "/api/me")).json();
}

/** An owner with a workspace, and a colleague invited into it with `role`. */
export async function workspaceWithColleague(
  app: App,
  db: Db,
  role: "admin" | "manager" | "member" = "manager",
) {
  const call = caller(app);
  const owner = await signUp(app, { workspaceName: "Продажи" });
  const workspaceId = (await meOf(app, owner)).activeWorkspace.id as string;
  const colleague = await signUp(app, { name: "Коллега" });
  const invited = await call(owner, "POST", `/api/workspaces/${workspaceId}/invitations`, {
    email: colleague.email,
    role,
  });
  if (invited.statusCode !== 201) throw new Error(`invite failed: ${invited.body}`);
  const token = tokenIn((await lastMail(db, colleague.email, "invitation")).text);
  const accepted = await call(colleague, "POST", "/api/invitations/accept", { token });
  if (accepted.statusCode !== 200) throw new Error(`accept failed: ${accepted.body}`);
  const ownerId = (await meOf(app, owner)).user.id as string;
  const colleagueId = (await meOf(app, colleague)).user.id as string;
  return { owner, colleague, workspaceId, ownerId, colleagueId, token };
}
