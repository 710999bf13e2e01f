import type { Executor } from "../db/client.ts";
import { auditLog } from "../db/schema/index.ts";
import type { Actor } from "./policy.ts";

export interface AuditEntry {
  action: string;
  workspaceId?: string | null;
  actorUserId?: string | null;
  actorApiKeyId?: string | null;
  target?: string | null;
  ip?: string | null;
  data?: Record<string, unknown>;
}

/** Records a security-relevant event (sign-in, role change, key created…) in `audit_log`. */
export async function audit(executor: Executor, entry: AuditEntry) {
  await executor.insert(auditLog).values(entry);
}

/** Records what an actor did in its workspace. */
export function auditActor(
  executor: Executor,
  actor: Actor,
  action: string,
  target: string | null,
  data?: Record<string, unknown>,
) {
  return audit(executor, {
    action,
    workspaceId: actor.workspaceId,
    actorUserId: actor.userId,
    actorApiKeyId: actor.apiKeyId,
    target,
    data,
  });
}
