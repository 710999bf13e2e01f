// A company as the API accepts it, with Russian requisites checked; shared with the web app.
import { z } from "zod";
import { example } from "./api/examples.ts";
import { emailInput, idList, optionalText, phoneInput } from "./inputs.ts";
import {
  checkBik,
  checkCorrespondentAccount,
  checkInn,
  checkKpp,
  checkOgrn,
  checkOgrnip,
  checkSettlementAccount,
  innKind,
  type RequisiteCheck,
} from "./requisites.ts";

// Requisites: each field is checked on its own (checksums), then against the others (KPP only with an
// organisation's INN, OGRN length by the INN's kind, bank accounts against the BIK). A failure is a 422
// whose details name the field, e.g. `body.inn`.

const REQUISITES = ["inn", "kpp", "ogrn", "bik", "settlementAccount", "correspondentAccount"] as const;
export type Requisite = (typeof REQUISITES)[number];
/** Requisites as far as they are known: `undefined` is unknown (not in a PATCH body), null is none. */
export type Requisites = Partial<Record<Requisite, string | null>>;

const fail = (reason: string): RequisiteCheck => ({ ok: false, reason });
const OK: RequisiteCheck = { ok: true };

/** One field alone. The OGRN field holds an OGRN (13 digits) or an OGRNIP (15 digits). */
const FIELD_CHECKS: Record<Requisite, (value: string) => RequisiteCheck> = {
  inn: checkInn,
  kpp: checkKpp,
  ogrn: (value) =>
    value.length === 15
      ? checkOgrnip(value)
      : value.length === 13
        ? checkOgrn(value)
        : fail("OGRN must have 13 digits (OGRNIP: 15 digits)"),
  bik: checkBik,
  settlementAccount: (value) => (/^[0-9]{20}$/.test(value) ? OK : fail("The account must have 20 digits")),
  correspondentAccount: (value) =>
    !/^[0-9]{20}$/.test(value)
      ? fail("The correspondent account must have 20 digits")
      : value.startsWith("30101")
        ? OK
        : fail("The correspondent account must start with 30101"),
};

const ACCOUNTS = [
  ["settlementAccount", checkSettlementAccount, "a settlement account"],
  ["correspondentAccount", checkCorrespondentAccount, "a correspondent account"],
] as const;

export interface RequisiteConflict {
  /** The field to blame. */
  field: Requisite;
  message: string;
  /** Every field the rule reads: a PATCH is refused only for a conflict it touches. */
  involves: Requisite[];
}

/**
 * Conflicts between requisites that are each valid on their own (an invalid one is reported by its
 * field already). A rule needing an unknown (`undefined`) field is skipped.
 */
export function requisiteConflicts(r: Requisites): RequisiteConflict[] {
  const valid = (field: Requisite) => {
    const value = r[field];
    return typeof value === "string" && FIELD_CHECKS[field](value).ok ? value : null;
  };
  const conflicts: RequisiteConflict[] = [];
  const inn = valid("inn");
  const kind = inn ? innKind(inn) : null;
  if (kind === "individual" && valid("kpp")) {
    conflicts.push({
      field: "kpp",
      message: "KPP is only issued to an organisation (10-digit INN)",
      involves: ["kpp", "inn"],
    });
  }
  const ogrn = valid("ogrn");
  if (kind === "legal" && ogrn && ogrn.length !== 13) {
    conflicts.push({
      field: "ogrn",
      message: "An organisation (10-digit INN) has a 13-digit OGRN",
      involves: ["ogrn", "inn"],
    });
  }
  if (kind === "individual" && ogrn && ogrn.length !== 15) {
    conflicts.push({
      field: "ogrn",
      message: "An individual entrepreneur (12-digit INN) has a 15-digit OGRNIP",
      involves: ["ogrn", "inn"],
    });
  }
  const bik = valid("bik");
  for (const [field, check, what] of ACCOUNTS) {
    const account = valid(field);
    if (!account) continue;
    if (r.bik === null) {
      conflicts.push({ field: "bik", message: `BIK is required with ${what}`, involves: [field, "bik"] });
    } else if (bik) {
      const checked = check(account, bik);
      if (!checked.ok) conflicts.push({ field, message: checked.reason, involves: [field, "bik"] });
    }
  }
  return conflicts;
}

/** A requisite: trimmed, "" meaning none, and checked by its validator. */
const requisite = (field: Requisite, normalize = (value: string) => value) =>
  z
    .string()
    .max(40)
    .transform((raw, ctx) => {
      const value = normalize(raw.trim());
      if (value === "") return null;
      const checked = FIELD_CHECKS[field](value);
      if (!checked.ok) ctx.addIssue({ code: "custom", message: checked.reason });
      return value;
    })
    .nullish();

const companyFields = z.object({
  name: z.string().trim().min(1).max(300).optional(),
  legalName: optionalText(500),
  /** ООО, АО, ПАО, ИП, НКО… free text. */
  legalForm: optionalText(50),
  inn: requisite("inn"),
  kpp: requisite("kpp", (value) => value.toUpperCase()),
  ogrn: requisite("ogrn"),
  legalAddress: optionalText(1000),
  actualAddress: optionalText(1000),
  bik: requisite("bik"),
  bankName: optionalText(300),
  settlementAccount: requisite("settlementAccount"),
  correspondentAccount: requisite("correspondentAccount"),
  phones: z.array(phoneInput).max(20).optional(),
  emails: z.array(emailInput).max(20).optional(),
  website: z
    .url({ protocol: /^https?$/, error: "is not an http(s) URL" })
    .max(2000)
    .nullish(),
  ownerId: z.string().max(64).nullish(),
  tagIds: idList().optional(),
  customFields: z.record(z.string(), z.unknown()).optional(),
});

/** Adds the conflicts as issues on their fields; `complete` treats a missing requisite as none (create). */
const refineRequisites =
  (complete: boolean) => (value: z.output<typeof companyFields>, ctx: z.RefinementCtx) => {
    const known: Requisites = Object.fromEntries(
      REQUISITES.map((field) => [field, complete ? (value[field] ?? null) : value[field]]),
    );
    for (const conflict of requisiteConflicts(known)) {
      ctx.addIssue({ code: "custom", path: [conflict.field], message: conflict.message });
    }
  };

/** A PATCH body: every field optional; cross-field rules on what it holds (the service checks the rest). */
export const companyInput = companyFields.superRefine(refineRequisites(false));
export type CompanyInput = z.infer<typeof companyInput>;

/** A POST body: a name is required. (zod 4 refuses `.extend()` over a refined key, hence from the fields.) */
export const companyCreateInput = companyFields
  .extend({ name: z.string().trim().min(1).max(300) })
  .superRefine(refineRequisites(true))
  // The example in the OpenAPI document; test/api-client.test.ts sends it.
  .meta(
    example({
      name: "Пламя",
      legalForm: "ООО",
      inn: "7707083893",
      kpp: "773601001",
      phones: [{ number: "+7 495 123-45-67", type: "work" }],
      website: "https://example.ru",
    }),
  );
export type CompanyCreateInput = z.infer<typeof companyCreateInput>;
