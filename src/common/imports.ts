// What an import can fill: the fields of each entity a file column may be mapped to. The server guesses
// and applies mappings over these lists; the web app's mapping step offers them.

export const IMPORT_ENTITIES = ["contact", "company", "deal"] as const;
export type ImportEntity = (typeof IMPORT_ENTITIES)[number];

export const IMPORT_FIELDS = {
  contact: [
    "firstName",
    "lastName",
    "middleName",
    "phone",
    "email",
    "position",
    "telegramUsername",
    "companyName",
  ],
  company: [
    "name",
    "legalName",
    "legalForm",
    "inn",
    "kpp",
    "ogrn",
    "legalAddress",
    "actualAddress",
    "bik",
    "bankName",
    "settlementAccount",
    "correspondentAccount",
    "phone",
    "email",
    "website",
  ],
  deal: [
    "title",
    "amount",
    "currency",
    "companyName",
    "expectedCloseDate",
    "utmSource",
    "utmMedium",
    "utmCampaign",
    "utmContent",
    "utmTerm",
  ],
} as const satisfies Record<ImportEntity, readonly string[]>;
export type ImportField<E extends ImportEntity> = (typeof IMPORT_FIELDS)[E][number];

/** Fields an import of the entity needs mapped. */
export const REQUIRED_FIELDS: Record<ImportEntity, readonly string[]> = {
  contact: [],
  company: ["name"],
  deal: ["title"],
};

/** Fields several columns may feed (each column adds one more phone or e-mail). */
export const MULTI_FIELDS: ReadonlySet<string> = new Set(["phone", "email"]);
