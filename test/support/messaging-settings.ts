// Shared by the settings tests: the app with a public https URL and the provider fakes, and people whose
// calls carry that URL as their Origin (the API refuses cross-site writes).
import { eq } from "drizzle-orm";
import { auditLog, messagingIntegrations } from "../../src/server/db/schema/index.ts";
import { createTestApp, type TestApp } from "./app.ts";
import { lastMail, type Session, signUp, tokenIn } from "./auth.ts";
import { caller, meOf } from "./workspace.ts";

export const PUBLIC_URL = "https://crm.example.ru";

export interface Person {
  headers: Record<string, string>;
  userId: string;
  workspaceId: string;
}

export function settingsApp(
  providers: { telegram?: string; whatsapp?: string; avito?: string },
  publicUrl = PUBLIC_URL,
) {
  return createTestApp({
    env: {
      PUBLIC_URL: publicUrl,
      ...(providers.telegram ? { FLAME_TELEGRAM_API_URL: providers.telegram } : {}),
      ...(providers.whatsapp ? { FLAME_WHATSAPP_API_URL: providers.whatsapp } : {}),
      ...(providers.avito ? { FLAME_AVITO_API_URL: providers.avito } : {}),
    },
  });
}

const person = async (t: TestApp, session: Session, origin: string): Promise<Person> => {
  const headers = { ...session.headers, origin };
  const me = await meOf(t.app, { headers });
  return { headers, userId: me.user.id, workspaceId: me.activeWorkspace?.id ?? "" };
};

/** A person who owns a fresh workspace. */
export async function newOwner(t: TestApp, origin = PUBLIC_URL): Promise<Person> {
  return person(t, await signUp(t.app, { workspaceName: "Продажи" }), origin);
}

/** Someone invited into the owner's workspace with this role. */
export async function newColleague(
  t: TestApp,
  owner: Person,
  role: "admin" | "manager" | "member",
  origin = PUBLIC_URL,
): Promise<Person> {
  const call = caller(t.app);
  const session = await signUp(t.app, { name: "Коллега" });
  const invited = await call(owner, "POST", `/api/workspaces/${owner.workspaceId}/invitations`, {
    email: session.email,
    role,
  });
  if (invited.statusCode !== 201) throw new Error(`invite failed: ${invited.body}`);
  const token = tokenIn((await lastMail(t.database.db, session.email, "invitation")).text);
  const colleague = { headers: { ...session.headers, origin } };
  const accepted = await call(colleague, "POST", "/api/invitations/accept", { token });
  if (accepted.statusCode !== 200) throw new Error(`accept failed: ${accepted.body}`);
  return person(t, session, origin);
}

/** The stored row, read around the API (to see what the database really holds). */
export async function storedRow(t: TestApp, id: string) {
  const [row] = await t.database.db
    .select()
    .from(messagingIntegrations)
    .where(eq(messagingIntegrations.id, id));
  return row;
}

export async function rowsOf(t: TestApp, workspaceId: string) {
  return t.database.db
    .select()
    .from(messagingIntegrations)
    .where(eq(messagingIntegrations.workspaceId, workspaceId));
}

export async function auditActions(t: TestApp, target: string) {
  const rows = await t.database.db.select().from(auditLog).where(eq(auditLog.target, target));
  return rows.map((r) => r.action);
}
