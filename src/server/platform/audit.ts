import type { Executor } from "../db/client.ts";
import { auditLog } from "../db/schema/index.ts";

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
