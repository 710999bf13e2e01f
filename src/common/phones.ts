import { parsePhoneNumberFromString } from "libphonenumber-js";

/** A phone in any common Russian spelling (8 916…, +7 916…, 916…) as E.164, or null when it is not a phone. */
export function toE164(input: string, defaultCountry: "RU" = "RU"): string | null {
  const digits = input.replace(/[^\d+]/g, "");
  // A bare 10-digit Russian number and the domestic 8 prefix are how people actually type them.
  const candidate = /^8\d{10}$/.test(digits) ? `+7${digits.slice(1)}` : digits;
  const parsed = parsePhoneNumberFromString(candidate, defaultCountry);
  return parsed?.isValid() ? parsed.number : null;
}
