import { z } from "zod";
import { example } from "../../../common/api/examples.ts";
import { pageQuery } from "../../platform/pagination.ts";

const ref = z.string().min(1).max(64);

const body = z
  .string()
  .min(1)
  .max(20000)
  .refine((s) => s.trim().length > 0, { error: "must not be blank" });

const target = { contactId: ref.nullish(), companyId: ref.nullish(), dealId: ref.nullish() };

type Target = { contactId?: string | null; companyId?: string | null; dealId?: string | null };
const exactlyOneTarget = (t: Target) => [t.contactId, t.companyId, t.dealId].filter(Boolean).length === 1;
const oneTargetError = { error: "name exactly one of contactId, companyId, dealId" };

/** A note belongs to exactly one record: a contact, a company or a deal. */
export const noteInput = z
  .object({ body, ...target })
  .refine(exactlyOneTarget, oneTargetError)
  .meta(example({ body: "Клиент просит счёт до пятницы", dealId: "d7Kq2mXw9pLr4tYb8nVz" }));
export type NoteInput = z.infer<typeof noteInput>;

/** Only the text of a note changes; its record stays. */
export const notePatch = z.object({ body });
export type NotePatch = z.infer<typeof notePatch>;

export const noteSchema = z
  .object({
    id: z.string(),
    body: z.string(),
    contactId: z.string().nullable(),
    companyId: z.string().nullable(),
    dealId: z.string().nullable(),
    createdBy: z.string().nullable(),
    createdAt: z.date(),
    updatedAt: z.date(),
  })
  .meta({ id: "Note" });

/** The notes of one record, newest first. */
export const noteListQuery = pageQuery.extend(target).refine(exactlyOneTarget, oneTargetError);
export type NoteListQuery = z.infer<typeof noteListQuery>;
