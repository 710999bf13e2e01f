import { describe, expect, it } from "vitest";
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

// ПАО Сбербанк, public requisites.
const SBER_INN = "7707083893";
const SBER_KPP = "773601001";
const SBER_OGRN = "1027700132195";
const SBER_BIK = "044525225";
const SBER_CORR = "30101810400000000225";
// АО «Альфа-Банк», public requisites.
const ALFA_BIK = "044525593";
const ALFA_CORR = "30101810200000000593";
// Северо-Западный банк ПАО Сбербанк (St. Petersburg): BIK digits 5-6 differ from the Moscow banks' "25".
const SPB_BIK = "044030653";
const SPB_CORR = "30101810500000000653";
// Computed and cross-checked with an independent script (and the 12-digit INN by hand).
const PERSON_INN = "500123456750";
const OGRNIP = "304774600001236";
const SBER_SETTLEMENT = "40702810938000012345";

/** Every string that differs from `value` in exactly one digit. */
function singleDigitChanges(value: string): string[] {
  const changed: string[] = [];
  for (let index = 0; index < value.length; index++) {
    for (const digit of "0123456789") {
      if (digit !== value[index]) changed.push(value.slice(0, index) + digit + value.slice(index + 1));
    }
  }
  return changed;
}

function reasonOf(check: RequisiteCheck): string | null {
  return check.ok ? null : check.reason;
}

describe("checkInn", () => {
  it("accepts valid 10- and 12-digit INNs, trimming surrounding whitespace", () => {
    expect(checkInn(SBER_INN)).toEqual({ ok: true });
    expect(checkInn(PERSON_INN)).toEqual({ ok: true });
    expect(checkInn(` ${SBER_INN}\n`)).toEqual({ ok: true });
  });

  it("rejects every single-digit change of a valid INN", () => {
    for (const inn of [SBER_INN, PERSON_INN]) {
      for (const changed of singleDigitChanges(inn)) {
        expect(reasonOf(checkInn(changed)), changed).toBe("INN checksum does not match");
      }
    }
  });

  it("rejects wrong lengths", () => {
    for (const inn of ["", "770708389", "77070838930", "5001234567501"]) {
      expect(reasonOf(checkInn(inn)), inn).toBe("INN must have 10 or 12 digits");
    }
  });

  it("rejects letters and inner spaces", () => {
    expect(reasonOf(checkInn("77070838a3"))).toBe("INN must contain digits only");
    expect(reasonOf(checkInn("7707 083893"))).toBe("INN must contain digits only");
    expect(checkInn("-707083893").ok).toBe(false);
  });
});

describe("innKind", () => {
  it("tells the kind by length", () => {
    expect(innKind(SBER_INN)).toBe("legal");
    expect(innKind(PERSON_INN)).toBe("individual");
    expect(innKind(" 7707083893 ")).toBe("legal");
  });

  it("returns null for anything but 10 or 12 digits", () => {
    for (const value of ["", "123", "77070838930", "77070838a3", "5001234567501"]) {
      expect(innKind(value), value).toBeNull();
    }
  });
});

describe("checkKpp", () => {
  it("accepts digits and capital Latin letters in positions 5-6", () => {
    expect(checkKpp(SBER_KPP)).toEqual({ ok: true });
    expect(checkKpp("7736AB001")).toEqual({ ok: true });
    expect(checkKpp(" 773601001 ")).toEqual({ ok: true });
  });

  it("rejects wrong lengths and misplaced or lowercase letters", () => {
    expect(reasonOf(checkKpp("77360100"))).toBe("KPP must have 9 characters");
    expect(reasonOf(checkKpp("7736010010"))).toBe("KPP must have 9 characters");
    for (const kpp of ["7736ab001", "A73601001", "7736010A1", "7736АВ001"]) {
      expect(checkKpp(kpp).ok, kpp).toBe(false);
    }
  });
});

describe("checkOgrn", () => {
  it("accepts a valid OGRN", () => {
    expect(checkOgrn(SBER_OGRN)).toEqual({ ok: true });
    expect(checkOgrn(` ${SBER_OGRN} `)).toEqual({ ok: true });
  });

  it("rejects every single-digit change", () => {
    for (const changed of singleDigitChanges(SBER_OGRN)) {
      expect(reasonOf(checkOgrn(changed)), changed).toBe("OGRN checksum does not match");
    }
  });

  it("rejects wrong lengths and letters", () => {
    for (const ogrn of ["", "102770013219", "10277001321950", "102770013219A", OGRNIP]) {
      expect(reasonOf(checkOgrn(ogrn)), ogrn).toBe("OGRN must have 13 digits");
    }
  });
});

describe("checkOgrnip", () => {
  it("accepts a valid OGRNIP", () => {
    expect(checkOgrnip(OGRNIP)).toEqual({ ok: true });
  });

  it("rejects every single-digit change", () => {
    for (const changed of singleDigitChanges(OGRNIP)) {
      expect(reasonOf(checkOgrnip(changed)), changed).toBe("OGRNIP checksum does not match");
    }
  });

  it("rejects wrong lengths and letters", () => {
    for (const ogrnip of ["", "30477460000123", "3047746000012360", "30477460000123X", SBER_OGRN]) {
      expect(reasonOf(checkOgrnip(ogrnip)), ogrnip).toBe("OGRNIP must have 15 digits");
    }
  });
});

describe("checkBik", () => {
  it("accepts 9 digits", () => {
    expect(checkBik(SBER_BIK)).toEqual({ ok: true });
    expect(checkBik(" 044525593 ")).toEqual({ ok: true });
  });

  it("rejects wrong lengths and letters", () => {
    for (const bik of ["", "04452522", "0445252250", "04452522A"]) {
      expect(reasonOf(checkBik(bik)), bik).toBe("BIK must have 9 digits");
    }
  });
});

describe("checkSettlementAccount", () => {
  it("accepts an account whose control key matches the BIK", () => {
    expect(checkSettlementAccount(SBER_SETTLEMENT, SBER_BIK)).toEqual({ ok: true });
    expect(checkSettlementAccount(` ${SBER_SETTLEMENT} `, ` ${SBER_BIK} `)).toEqual({ ok: true });
  });

  it("rejects an account valid for one BIK when checked with another", () => {
    expect(reasonOf(checkSettlementAccount(SBER_SETTLEMENT, ALFA_BIK))).toBe(
      "The account does not match the BIK (control key)",
    );
  });

  it("rejects every single-digit change of the account", () => {
    for (const changed of singleDigitChanges(SBER_SETTLEMENT)) {
      expect(checkSettlementAccount(changed, SBER_BIK).ok, changed).toBe(false);
    }
  });

  it("rejects wrong lengths and letters", () => {
    expect(reasonOf(checkSettlementAccount("4070281093800001234", SBER_BIK))).toBe(
      "The account must have 20 digits",
    );
    expect(reasonOf(checkSettlementAccount("4070281093800001234A", SBER_BIK))).toBe(
      "The account must have 20 digits",
    );
    expect(reasonOf(checkSettlementAccount(SBER_SETTLEMENT, "04452522"))).toBe("BIK must have 9 digits");
  });
});

describe("checkCorrespondentAccount", () => {
  it("accepts real correspondent accounts with their BIKs", () => {
    expect(checkCorrespondentAccount(SBER_CORR, SBER_BIK)).toEqual({ ok: true });
    expect(checkCorrespondentAccount(ALFA_CORR, ALFA_BIK)).toEqual({ ok: true });
    expect(checkCorrespondentAccount(SPB_CORR, SPB_BIK)).toEqual({ ok: true });
  });

  it("rejects a correspondent account checked with a BIK of another region", () => {
    expect(reasonOf(checkCorrespondentAccount(SBER_CORR, SPB_BIK))).toBe(
      "The correspondent account does not match the BIK (control key)",
    );
    expect(checkCorrespondentAccount(SPB_CORR, SBER_BIK).ok).toBe(false);
  });

  it("rejects every single-digit change of a correspondent account after the 30101 prefix", () => {
    for (const changed of singleDigitChanges(SBER_CORR).filter((value) => value.startsWith("30101"))) {
      expect(reasonOf(checkCorrespondentAccount(changed, SBER_BIK)), changed).toBe(
        "The correspondent account does not match the BIK (control key)",
      );
    }
  });

  it("rejects accounts that do not start with 30101", () => {
    expect(reasonOf(checkCorrespondentAccount(SBER_SETTLEMENT, SBER_BIK))).toBe(
      "The correspondent account must start with 30101",
    );
  });

  it("rejects wrong lengths, letters and a malformed BIK", () => {
    expect(reasonOf(checkCorrespondentAccount("3010181040000000022", SBER_BIK))).toBe(
      "The correspondent account must have 20 digits",
    );
    expect(checkCorrespondentAccount("3010181040000000022X", SBER_BIK).ok).toBe(false);
    expect(reasonOf(checkCorrespondentAccount(SBER_CORR, "0445252X5"))).toBe("BIK must have 9 digits");
  });
});
