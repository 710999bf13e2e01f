// Who wrote: the contact already linked to the conversation, else the one with the provider's id of the
// person, else the one with their phone, else (when the channel allows it) a new contact.
import { and, asc, eq } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import type { Tx } from "../../../db/client.ts";
import { contacts } from "../../../db/schema/index.ts";
import { type ContactInput, contactInput } from "../../../modules/contacts/contacts.schemas.ts";
import { createContact, findContact, updateContact } from "../../../modules/contacts/contacts.service.ts";
import { findDuplicates } from "../../../modules/duplicates/keys.ts";
import type { Deps } from "../../../modules/records/records.ts";
import { toE164 } from "../../../platform/phones.ts";
import type { Actor } from "../../../platform/policy.ts";
import { inWorkspace } from "../../../platform/scope.ts";
import type { Platform } from "../channels.ts";
import type { SenderProfile } from "./types.ts";

/** The contact column holding each platform's id of a person. */
const PROVIDER_ID: Record<Platform, PgColumn> = {
  telegram: contacts.telegramId,
  whatsapp: contacts.whatsappId,
  avito: contacts.avitoUserId,
};

/** The sender's E.164 phone, or null when none was given or it is not a phone number. */
export const phoneOf = (sender: SenderProfile) => (sender.phone ? toE164(sender.phone) : null);

/** The identifying fields of the sender a contact can hold, each kept only when the contact rules accept it. */
export function providerFields(platform: Platform, sender: SenderProfile) {
  const fields: Pick<ContactInput, "telegramId" | "telegramUsername" | "whatsappId" | "avitoUserId"> = {};
  const valid = <K extends keyof typeof fields>(key: K, value: string | null) => {
    const parsed = contactInput.shape[key].safeParse(value);
    if (value && parsed.success && parsed.data) fields[key] = parsed.data;
  };
  switch (platform) {
    case "telegram":
      valid("telegramId", sender.providerId);
      valid("telegramUsername", sender.username);
      break;
    case "whatsapp":
      valid("whatsappId", sender.providerId);
      break;
    case "avito":
      valid("avitoUserId", sender.providerId);
      break;
    default:
      platform satisfies never;
  }
  return fields;
}

/** The sender's name as a contact holds it (a nameless profile falls back to the username). */
export function nameOf(sender: SenderProfile) {
  const clip = (s: string | null) => s?.trim().slice(0, 200) || null;
  const firstName = clip(sender.firstName);
  const lastName = clip(sender.lastName);
  return { firstName: firstName ?? (lastName ? null : clip(sender.username)), lastName };
}

async function byProviderId(tx: Tx, actor: Actor, platform: Platform, providerId: string) {
  const column = PROVIDER_ID[platform];
  const [row] = await tx
    .select({ id: contacts.id })
    .from(contacts)
    .where(and(inWorkspace(actor, contacts), eq(column, providerId)))
    .orderBy(asc(contacts.createdAt), asc(contacts.id))
    .limit(1);
  return row?.id ?? null;
}

/** Through the duplicate keys (record_keys), which index every contact's E.164 phones. */
async function byPhone(tx: Tx, actor: Actor, phone: string | null) {
  if (!phone) return null;
  const [match] = await findDuplicates(tx, actor, "contact", { phones: [{ number: phone, type: "mobile" }] });
  return match?.recordId ?? null;
}

export interface ContactMatchInput {
  platform: Platform;
  sender: SenderProfile;
  autoCreate: boolean;
  /** Resolved only when a contact is created. */
  defaults: () => Promise<{ sourceId: string | null; ownerId: string | null }>;
}

/** The sender's contact id (created: true when it is new), or null when none matches and none may be made. */
export async function matchContact(
  deps: Deps & { db: Tx },
  actor: Actor,
  input: ContactMatchInput,
): Promise<{ contactId: string; created: boolean } | null> {
  const tx = deps.db;
  const { platform, sender } = input;
  const known = await byProviderId(tx, actor, platform, sender.providerId);
  if (known) return { contactId: known, created: false };
  const phone = phoneOf(sender);
  const byNumber = await byPhone(tx, actor, phone);
  if (byNumber) {
    await rememberProviderId(deps, actor, byNumber, providerFields(platform, sender));
    return { contactId: byNumber, created: false };
  }
  if (!input.autoCreate) return null;
  const { sourceId, ownerId } = await input.defaults();
  const contact = await createContact(deps, actor, {
    ...nameOf(sender),
    ...providerFields(platform, sender),
    phones: phone ? [{ number: phone, type: "mobile" }] : [],
    sourceId,
    ownerId,
  });
  return { contactId: contact.id, created: true };
}

/** A contact found by phone learns the sender's provider id, so the next message finds it directly. */
async function rememberProviderId(
  deps: Deps & { db: Tx },
  actor: Actor,
  contactId: string,
  fields: ReturnType<typeof providerFields>,
) {
  const contact = await findContact(deps.db, actor, contactId);
  // Never overwrite an id the contact already has: it may be another account of the same person.
  const missing = Object.fromEntries(
    Object.entries(fields).filter(([key]) => contact[key as keyof typeof fields] == null),
  ) as typeof fields;
  if (Object.keys(missing).length > 0) await updateContact(deps, actor, contactId, missing);
}
