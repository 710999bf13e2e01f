// Sign-up, sign-in and the mail-link flows of better-auth under /api/auth, plus invitations.
import { z } from "zod";
import { get, post } from "../../lib/api.ts";

export const signInSchema = z.object({
  email: z.email(),
  password: z.string().min(1),
});
export const PASSWORD_MIN = 10;
export const signUpSchema = z.object({
  name: z.string().trim().min(1).max(200),
  email: z.email(),
  password: z.string().min(PASSWORD_MIN).max(256),
  workspaceName: z.string().trim().max(200).optional(),
});
export const resetSchema = z.object({ newPassword: z.string().min(PASSWORD_MIN).max(256) });

export const signIn = (body: z.infer<typeof signInSchema>) => post("/api/auth/sign-in/email", body);
export const signUp = (body: z.infer<typeof signUpSchema> & { invitationToken?: string }) =>
  post("/api/auth/sign-up/email", body);
export const requestReset = (email: string) =>
  post("/api/auth/request-password-reset", { email, redirectTo: "/reset-password" });
export const resetPassword = (token: string, newPassword: string) =>
  post("/api/auth/reset-password", { token, newPassword });
export const verifyEmail = (token: string) => get("/api/auth/verify-email", { token });
export const acceptInvitation = (token: string) => post("/api/invitations/accept", { token });
