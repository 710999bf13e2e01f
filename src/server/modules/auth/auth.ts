import { hash, verify } from "@node-rs/argon2";
import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { APIError, createAuthMiddleware } from "better-auth/api";
import { admin } from "better-auth/plugins";
import { count, eq } from "drizzle-orm";
import type { FastifyBaseLogger } from "fastify";
import type { Config } from "../../config.ts";
import type { Db } from "../../db/client.ts";
import { accounts, instanceSettings, sessions, users, verifications } from "../../db/schema/index.ts";
import { audit } from "../../platform/audit.ts";
import { newId } from "../../platform/ids.ts";
import type { Mailer } from "../../platform/mailer.ts";
import { acceptInvitation } from "../invitations/invitations.service.ts";
import { createWorkspace } from "../workspaces/workspaces.queries.ts";

export const MIN_PASSWORD_LENGTH = 10;

/**
 * The secret that signs session cookies. Generated once per installation and kept in the database,
 * so every node of a cluster signs alike; derived from FLAME_ENCRYPTION_KEY when that is set.
 */
export async function authSecret(db: Db, config: Config): Promise<string> {
  if (config.encryptionKey) return `flame-auth:${config.encryptionKey}`;
  await db
    .insert(instanceSettings)
    .values({ key: "auth_secret", value: newId(48) })
    .onConflictDoNothing();
  const [row] = await db.select().from(instanceSettings).where(eq(instanceSettings.key, "auth_secret"));
  if (!row) throw new Error("auth secret missing after insert");
  return row.value;
}

// argon2id (Algorithm.Argon2id = 2, a const enum that erasable TypeScript cannot import) with OWASP's minimums.
const argon2 = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export function createAuth(options: {
  config: Config;
  db: Db;
  mailer: Mailer;
  log: FastifyBaseLogger;
  secret: string;
}) {
  const { config, db, mailer, log } = options;
  return betterAuth({
    appName: "Flame CRM",
    baseURL: config.publicUrl,
    basePath: "/api/auth",
    secret: options.secret,
    telemetry: { enabled: false },
    database: drizzleAdapter(db, {
      provider: "pg",
      schema: { user: users, session: sessions, account: accounts, verification: verifications },
    }),
    emailAndPassword: {
      enabled: true,
      minPasswordLength: MIN_PASSWORD_LENGTH,
      maxPasswordLength: 256,
      revokeSessionsOnPasswordReset: true,
      resetPasswordTokenExpiresIn: 60 * 60,
      password: {
        hash: (password) => hash(password, argon2),
        verify: ({ hash: digest, password }) => verify(digest, password),
      },
      // Links open pages of the web app, which call the API: `/api` itself never redirects.
      sendResetPassword: async ({ user, token }) => {
        const url = `${config.publicUrl}/reset-password?token=${encodeURIComponent(token)}`;
        await mailer.send({
          to: user.email,
          kind: "reset-password",
          subject: "Flame CRM: сброс пароля / password reset",
          text: `Чтобы задать новый пароль, откройте ссылку (действует 1 час):\n${url}\n\nTo set a new password, open the link (valid for 1 hour):\n${url}\n`,
        });
      },
    },
    emailVerification: {
      sendOnSignUp: true,
      autoSignInAfterVerification: true,
      sendVerificationEmail: async ({ user, token }) => {
        const url = `${config.publicUrl}/verify-email?token=${encodeURIComponent(token)}`;
        await mailer.send({
          to: user.email,
          kind: "verify-email",
          subject: "Flame CRM: подтвердите e-mail / confirm your e-mail",
          text: `Подтвердите адрес, открыв ссылку:\n${url}\n\nConfirm your address by opening the link:\n${url}\n`,
        });
      },
    },
    session: {
      additionalFields: { activeWorkspaceId: { type: "string", required: false, input: false } },
    },
    user: { modelName: "user" },
    advanced: {
      useSecureCookies: config.secureCookies,
      cookiePrefix: "flame",
      defaultCookieAttributes: { httpOnly: true, sameSite: "lax" },
      database: { generateId: () => newId() },
    },
    // Sign-in is rate limited by our own limiter (per IP and per account); see auth.routes.ts.
    rateLimit: { enabled: false },
    trustedOrigins: [config.publicUrl],
    // The admin plugin gives users a platform role and refuses banned users at sign-in. Its own
    // endpoints are off: platform administration is /api/admin/*, audited and tested.
    plugins: [admin({ defaultRole: "user", adminRoles: ["admin"] })],
    disabledPaths: [
      "ban-user",
      "create-user",
      "get-user",
      "has-permission",
      "impersonate-user",
      "list-user-sessions",
      "list-users",
      "remove-user",
      "revoke-user-session",
      "revoke-user-sessions",
      "set-role",
      "set-user-password",
      "stop-impersonating",
      "unban-user",
      "update-user",
    ].map((endpoint) => `/admin/${endpoint}`),
    logger: {
      log: (level, message, ...args) => log[level]({ args }, `better-auth: ${message}`),
    },
    databaseHooks: {
      user: {
        create: {
          // The first account of an installation, or FLAME_ADMIN_EMAIL, runs the platform.
          before: async (user) => {
            const [{ n } = { n: 0 }] = await db.select({ n: count() }).from(users);
            const isAdmin = n === 0 || user.email.toLowerCase() === config.adminEmail;
            return { data: { ...user, email: user.email.toLowerCase(), role: isAdmin ? "admin" : "user" } };
          },
          // Someone signing up from an invitation joins that workspace; anyone else gets one of their own.
          after: async (user, ctx) => {
            const body = (ctx?.body ?? {}) as { workspaceName?: unknown; invitationToken?: unknown };
            if (typeof body.invitationToken === "string" && body.invitationToken) {
              const joined = await acceptInvitation(
                db,
                { ...user, sessionId: null },
                body.invitationToken,
              ).then(
                () => true,
                (err: unknown) => {
                  log.info({ err }, "invitation at sign-up not accepted; creating a workspace instead");
                  return false;
                },
              );
              if (joined) return;
            }
            const name =
              typeof body.workspaceName === "string" && body.workspaceName.trim()
                ? body.workspaceName.trim().slice(0, 200)
                : user.name;
            await db.transaction((tx) => createWorkspace(tx, { name, ownerUserId: user.id }));
          },
        },
      },
    },
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
        if (ctx.path !== "/sign-up/email") return;
        const body = ctx.body as { email?: string; password?: string };
        if (
          body.password &&
          body.email &&
          body.password.trim().toLowerCase() === body.email.trim().toLowerCase()
        ) {
          throw new APIError("UNPROCESSABLE_ENTITY", {
            code: "PASSWORD_SAME_AS_EMAIL",
            message: "The password must not be the e-mail address",
          });
        }
      }),
      after: createAuthMiddleware(async (ctx) => {
        if (ctx.path !== "/sign-in/email") return;
        const email = String((ctx.body as { email?: unknown }).email ?? "").toLowerCase();
        const ip = ctx.request?.headers.get("x-forwarded-for") ?? null;
        const session = ctx.context.newSession;
        await audit(db, {
          action: session ? "auth.sign_in" : "auth.sign_in_failed",
          actorUserId: session?.user.id ?? null,
          target: email,
          ip,
        });
      }),
    },
  });
}

export type Auth = ReturnType<typeof createAuth>;
