// Validators of Russian company requisites (INN, KPP, OGRN, OGRNIP, BIK, bank accounts).
// Pure functions without Node imports: usable by the server and the browser alike.

export type RequisiteCheck = { ok: true } | { ok: false; reason: string };

const OK: RequisiteCheck = { ok: true };
const INN_10_WEIGHTS = [2, 4, 10, 3, 5, 9, 4, 6, 8];
const INN_11_WEIGHTS = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8];
const INN_12_WEIGHTS = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8];
const ACCOUNT_WEIGHTS = [7, 1, 3];

function fail(reason: string): RequisiteCheck {
  return { ok: false, reason };
}

function isDigits(value: string, length: number): boolean {
  return value.length === length && /^[0-9]+$/.test(value);
}

function digitAt(value: string, index: number): number {
  return value.charCodeAt(index) - 48;
}

/** Weighted INN control digit: (sum of digit * weight mod 11) mod 10. */
function innControl(value: string, weights: number[]): number {
  let sum = 0;
  weights.forEach((weight, index) => {
    sum += digitAt(value, index) * weight;
  });
  return (sum % 11) % 10;
}

/** Remainder of a long decimal string divided by `modulus`, computed digit by digit. */
function remainder(digits: string, modulus: number): number {
  let rest = 0;
  for (let index = 0; index < digits.length; index++) rest = (rest * 10 + digitAt(digits, index)) % modulus;
  return rest;
}

/** Bank account control key: the 23 digits weighted 7,1,3 repeating must sum to a multiple of 10. */
function accountKeyMatches(prefix: string, account: string): boolean {
  const digits = prefix + account;
  let sum = 0;
  for (let index = 0; index < digits.length; index++) {
    sum += digitAt(digits, index) * ACCOUNT_WEIGHTS[index % 3]!;
  }
  return sum % 10 === 0;
}

/** Checks an INN: 10 digits (organisation) or 12 digits (individual / ИП), with checksum(s). */
export function checkInn(value: string): RequisiteCheck {
  const inn = value.trim();
  if (!/^[0-9]*$/.test(inn)) return fail("INN must contain digits only");
  if (inn.length === 10) {
    return innControl(inn, INN_10_WEIGHTS) === digitAt(inn, 9) ? OK : fail("INN checksum does not match");
  }
  if (inn.length === 12) {
    const matches =
      innControl(inn, INN_11_WEIGHTS) === digitAt(inn, 10) &&
      innControl(inn, INN_12_WEIGHTS) === digitAt(inn, 11);
    return matches ? OK : fail("INN checksum does not match");
  }
  return fail("INN must have 10 or 12 digits");
}

/** Tells an organisation INN (10 digits) from an individual one (12 digits); null for anything else. */
export function innKind(value: string): "legal" | "individual" | null {
  const inn = value.trim();
  if (isDigits(inn, 10)) return "legal";
  if (isDigits(inn, 12)) return "individual";
  return null;
}

/** Checks a KPP: 4 digits, 2 characters [0-9A-Z], 3 digits. */
export function checkKpp(value: string): RequisiteCheck {
  const kpp = value.trim();
  if (kpp.length !== 9) return fail("KPP must have 9 characters");
  return /^[0-9]{4}[0-9A-Z]{2}[0-9]{3}$/.test(kpp)
    ? OK
    : fail("KPP must be 4 digits, 2 digits or capital Latin letters, then 3 digits");
}

/** Checks an OGRN: 13 digits, control digit = (first 12 mod 11) mod 10. */
export function checkOgrn(value: string): RequisiteCheck {
  const ogrn = value.trim();
  if (!isDigits(ogrn, 13)) return fail("OGRN must have 13 digits");
  return remainder(ogrn.slice(0, 12), 11) % 10 === digitAt(ogrn, 12)
    ? OK
    : fail("OGRN checksum does not match");
}

/** Checks an OGRNIP: 15 digits, control digit = (first 14 mod 13) mod 10. */
export function checkOgrnip(value: string): RequisiteCheck {
  const ogrnip = value.trim();
  if (!isDigits(ogrnip, 15)) return fail("OGRNIP must have 15 digits");
  return remainder(ogrnip.slice(0, 14), 13) % 10 === digitAt(ogrnip, 14)
    ? OK
    : fail("OGRNIP checksum does not match");
}

/** Checks a BIK: 9 digits. */
export function checkBik(value: string): RequisiteCheck {
  return isDigits(value.trim(), 9) ? OK : fail("BIK must have 9 digits");
}

/** Checks a settlement account (расчётный счёт) against the last 3 digits of the bank's BIK. */
export function checkSettlementAccount(account: string, bik: string): RequisiteCheck {
  const number = account.trim();
  const bank = bik.trim();
  if (!isDigits(number, 20)) return fail("The account must have 20 digits");
  if (!isDigits(bank, 9)) return fail("BIK must have 9 digits");
  return accountKeyMatches(bank.slice(6, 9), number)
    ? OK
    : fail("The account does not match the BIK (control key)");
}

/** Checks a correspondent account (корр. счёт): starts with 30101, key computed with "0" + BIK digits 5–6. */
export function checkCorrespondentAccount(account: string, bik: string): RequisiteCheck {
  const number = account.trim();
  const bank = bik.trim();
  if (!isDigits(number, 20)) return fail("The correspondent account must have 20 digits");
  if (!number.startsWith("30101")) return fail("The correspondent account must start with 30101");
  if (!isDigits(bank, 9)) return fail("BIK must have 9 digits");
  return accountKeyMatches(`0${bank.slice(4, 6)}`, number)
    ? OK
    : fail("The correspondent account does not match the BIK (control key)");
}
