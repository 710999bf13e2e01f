import { describe, expect, it } from "vitest";
import { companyCreateInput, companyInput } from "../../../common/companies.ts";
import type { CustomField } from "../../lib/session.ts";
import {
  companyBody,
  companyToForm,
  emptyCompanyForm,
  normalizeWebsite,
  requisitesText,
} from "./companyForm.ts";

/** ПАО Сбербанк: real requisites, every checksum valid. */
const SBER = {
  name: "Сбербанк",
  legalName: "ПАО Сбербанк",
  legalForm: "ПАО",
  inn: "7707083893",
  kpp: "773601001",
  ogrn: "1027700132195",
  legalAddress: "117312, г. Москва, ул. Вавилова, д. 19",
  actualAddress: null,
  bik: "044525225",
  bankName: "ПАО Сбербанк",
  correspondentAccount: "30101810400000000225",
  settlementAccount: "40702810938000012345",
  website: "https://www.sberbank.ru",
  phones: [{ number: "+74955005550", type: "work" }],
  emails: [],
  ownerId: "u1",
  tagIds: ["t1"],
  customFields: { employees: 200000 },
};

const employees: CustomField = {
  id: "f1",
  entity: "company",
  key: "employees",
  label: "Сотрудников",
  type: "number",
  options: [],
  required: false,
  position: 0,
};

describe("company form", () => {
  it("round-trips a stored company", () => {
    const { body } = companyBody(companyToForm(SBER, [employees]), [employees]);
    expect(body).toEqual(SBER);
    expect(companyCreateInput.safeParse(body).success).toBe(true);
  });

  it("starts a new company empty, owned by its creator; a name is required", () => {
    const form = emptyCompanyForm("u1", []);
    expect(form).toMatchObject({ name: "", inn: "", ownerId: "u1", phones: [{ number: "", type: "work" }] });
    const { body } = companyBody(form, []);
    expect(body).toMatchObject({ name: "", inn: null, kpp: null, website: null, phones: [], emails: [] });
    const parsed = companyCreateInput.safeParse(body);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join("."))).toEqual(["name"]);
  });

  it("drops the spaces pasted with requisites and upper-cases the KPP", () => {
    const form = {
      ...emptyCompanyForm(null, []),
      name: " Ромашка ",
      inn: "7707 083 893",
      kpp: "7736ab001",
      settlementAccount: "4070 2810 9380 0001 2345",
    };
    const { body } = companyBody(form, []);
    expect(body).toMatchObject({
      name: "Ромашка",
      inn: "7707083893",
      kpp: "7736AB001",
      settlementAccount: "40702810938000012345",
    });
  });

  it("catches a wrong checksum and requisites that contradict each other, as the API would", () => {
    const badInn = companyBody({ ...companyToForm(SBER, []), inn: "7707083894" }, []);
    expect(companyInput.safeParse(badInn.body).error?.issues[0]?.path).toEqual(["inn"]);
    const ipWithKpp = companyBody(
      { ...companyToForm(SBER, []), inn: "500123456750", ogrn: "304774600001236" },
      [],
    );
    expect(companyInput.safeParse(ipWithKpp.body).error?.issues.map((i) => i.path[0])).toEqual(["kpp"]);
  });

  it("completes a website typed without the scheme", () => {
    expect(normalizeWebsite("romashka.ru")).toBe("https://romashka.ru");
    expect(normalizeWebsite(" http://romashka.ru ")).toBe("http://romashka.ru");
    expect(normalizeWebsite("  ")).toBeNull();
  });

  it("writes the requisites as lines to paste into a letter", () => {
    const text = requisitesText(SBER, { inn: "ИНН", kpp: "КПП", bik: "БИК" });
    expect(text.split("\n").slice(0, 3)).toEqual(["ПАО Сбербанк", "ИНН: 7707083893", "КПП: 773601001"]);
    expect(text).toContain("БИК: 044525225");
    expect(text).not.toContain("null");
  });
});
