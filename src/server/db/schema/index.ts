// Every table, enum and relation the code uses. Migrations are generated from this module and the
// live catalog is verified against it at start (db/verify.ts).

export * from "./accounting.ts";
export * from "./advertising.ts";
export * from "./crm.ts";
export * from "./duplicates.ts";
export * from "./identity.ts";
export * from "./leads.ts";
export * from "./messaging.ts";
export * from "./platform.ts";
export * from "./transfer.ts";
export * from "./webhooks.ts";
