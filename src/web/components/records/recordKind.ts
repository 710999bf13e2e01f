// What the shared record pages (list, card, "new" drawer) need to know about one kind of record: its
// names, its API, how to title one, and its form. Each feature describes its own kind.
import type { ComponentType } from "react";
import type { CustomField } from "../../lib/session.ts";
import type { BulkAction } from "./BulkBar.tsx";
import type { PossibleDuplicate } from "./DuplicatesNotice.tsx";
import type { ListSpec } from "./listQuery.ts";
import type { RecordFormProps } from "./RecordForm.tsx";

/** A record as a write returns it: with the records it may duplicate. */
export type Saved<R> = R & { possibleDuplicates: PossibleDuplicate[] };

export type BulkTarget = { ids: string[] } | { filter: Record<string, string> };

export interface RecordApi<R, B> {
  /** The list (GET, keyset pages) and the create endpoint. */
  list: string;
  export: string;
  /** What the list filters and sorts by. */
  spec: ListSpec;
  fetch: (id: string) => Promise<R>;
  create: (body: B) => Promise<Saved<R>>;
  update: (id: string, body: B) => Promise<Saved<R>>;
  remove: (id: string) => Promise<unknown>;
  bulk: (target: BulkTarget, action: BulkAction) => Promise<{ affected: number }>;
}

/** R is the record, V the form's values, B the body the API takes. */
export interface RecordKind<R extends { id: string }, V, B> {
  /** "contact": test ids (`contact-row-…`), custom fields, live topics, history, notes and deals. */
  entity: "contact" | "company";
  /** "contacts": URLs (`/contacts/:id`), the i18n namespace of the texts, the column choice. */
  plural: "contacts" | "companies";
  /** Query keys, all under `all` so that one invalidation refreshes lists and cards. */
  keys: { all: readonly unknown[]; list: readonly unknown[]; detail: (id: string) => readonly unknown[] };
  api: RecordApi<R, B>;
  /** The record's display name ("Петров Иван", "ООО Ромашка"). */
  title: (record: R, noName: string) => string;
  /** A record's name by id (for the possible duplicates). */
  Name: ComponentType<{ id: string }>;
  form: {
    Form: ComponentType<RecordFormProps<V, B>>;
    toForm: (record: R, fields: readonly CustomField[]) => V;
    /** A new record's values, owned by the person creating it. */
    empty: (ownerId: string | null, fields: readonly CustomField[]) => V;
  };
}

/** The notes, deals and history of a record are asked for by `contactId` or `companyId`. */
export const recordRef = (entity: "contact" | "company", id: string) =>
  entity === "contact" ? { contactId: id } : { companyId: id };
