import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db, Executor } from "../../db/client.ts";
import { type CustomFieldType, customFieldDefinitions, type RecordType } from "../../db/schema/index.ts";
import { AppError, notFound } from "../../platform/errors.ts";
import { newId } from "../../platform/ids.ts";
import { toE164 } from "../../platform/phones.ts";
import { type Actor, authorize } from "../../platform/policy.ts";
import { inWorkspace } from "../../platform/scope.ts";

export function listDefinitions(executor: Executor, actor: Actor, entity?: RecordType) {
  const where = inWorkspace(actor, customFieldDefinitions);
  return executor
    .select()
    .from(customFieldDefinitions)
    .where(entity ? and(where, eq(customFieldDefinitions.entity, entity)) : where)
    .orderBy(asc(customFieldDefinitions.entity), asc(customFieldDefinitions.position));
}

export async function createDefinition(
  db: Db,
  actor: Actor,
  input: {
    entity: RecordType;
    key: string;
    label: string;
    type: CustomFieldType;
    options?: string[];
    required?: boolean;
    position?: number;
  },
) {
  authorize(actor, "workspace.settings");
  if ((input.type === "select" || input.type === "multiselect") && !input.options?.length) {
    throw new AppError("validation_failed", "A select field needs options", [
      { field: "body.options", message: "is required" },
    ]);
  }
  const [row] = await db
    .insert(customFieldDefinitions)
    .values({ ...input, options: input.options ?? [], workspaceId: actor.workspaceId, id: newId() })
    .returning();
  if (!row) throw new Error("custom field insert returned nothing");
  return row;
}

export async function deleteDefinition(db: Db, actor: Actor, id: string) {
  authorize(actor, "workspace.settings");
  const rows = await db
    .delete(customFieldDefinitions)
    .where(and(inWorkspace(actor, customFieldDefinitions), eq(customFieldDefinitions.id, id)))
    .returning({ id: customFieldDefinitions.id });
  if (rows.length === 0) throw notFound("Custom field");
}

const iso = z.iso.date();

function checkValue(
  type: CustomFieldType,
  options: string[],
  value: unknown,
): { ok: true; value: unknown } | { ok: false; expected: string } {
  switch (type) {
    case "text":
      return typeof value === "string" && value.length <= 5000
        ? { ok: true, value }
        : { ok: false, expected: "text" };
    case "number":
      return typeof value === "number" && Number.isFinite(value)
        ? { ok: true, value }
        : { ok: false, expected: "a number" };
    case "money":
      return Number.isSafeInteger(value)
        ? { ok: true, value }
        : { ok: false, expected: "an amount in minor units (kopecks)" };
    case "date":
      return iso.safeParse(value).success
        ? { ok: true, value }
        : { ok: false, expected: "a date YYYY-MM-DD" };
    case "boolean":
      return typeof value === "boolean" ? { ok: true, value } : { ok: false, expected: "true or false" };
    case "select":
      return typeof value === "string" && options.includes(value)
        ? { ok: true, value }
        : { ok: false, expected: `one of ${options.join(", ")}` };
    case "multiselect":
      return Array.isArray(value) && value.every((v) => typeof v === "string" && options.includes(v))
        ? { ok: true, value: [...new Set(value)] }
        : { ok: false, expected: `a list of ${options.join(", ")}` };
    case "url":
      return typeof value === "string" && /^https?:\/\//.test(value) && URL.canParse(value)
        ? { ok: true, value }
        : { ok: false, expected: "an http(s) URL" };
    case "phone": {
      const phone = typeof value === "string" ? toE164(value) : null;
      return phone ? { ok: true, value: phone } : { ok: false, expected: "a phone number" };
    }
    case "email":
      return z.email().safeParse(value).success
        ? { ok: true, value: String(value).toLowerCase() }
        : { ok: false, expected: "an e-mail address" };
  }
}

/**
 * Validates custom field values against the workspace's definitions and returns them normalised.
 * `current` are the record's stored values (on update); null clears a value. Unknown keys and wrong
 * types are 422 naming the field.
 */
export async function validateCustomFields(
  executor: Executor,
  actor: Actor,
  entity: RecordType,
  input: Record<string, unknown> | undefined,
  current: Record<string, unknown> | null,
  /** The definitions of `entity`, when the caller read them already (with its reference checks). */
  known?: (typeof customFieldDefinitions.$inferSelect)[],
) {
  const definitions = known ?? (await listDefinitions(executor, actor, entity));
  const byKey = new Map(definitions.map((d) => [d.key, d]));
  const result: Record<string, unknown> = { ...(current ?? {}) };
  const problems: { field: string; message: string }[] = [];
  for (const [key, value] of Object.entries(input ?? {})) {
    const definition = byKey.get(key);
    if (!definition) {
      problems.push({ field: `customFields.${key}`, message: "is not a custom field of this workspace" });
      continue;
    }
    if (value === null) {
      delete result[key];
      continue;
    }
    const checked = checkValue(definition.type, definition.options, value);
    if (checked.ok) result[key] = checked.value;
    else problems.push({ field: `customFields.${key}`, message: `expected ${checked.expected}` });
  }
  for (const d of definitions) {
    if (d.required && (result[d.key] === undefined || result[d.key] === "")) {
      problems.push({ field: `customFields.${d.key}`, message: "is required" });
    }
  }
  if (problems.length > 0)
    throw new AppError("validation_failed", "Some custom fields are invalid", problems);
  return result;
}
