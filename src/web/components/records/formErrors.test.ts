import { describe, expect, it } from "vitest";
import { companyCreateInput } from "../../../common/companies.ts";
import { contactInput } from "../../../common/contacts.ts";
import {
  bodyValidator,
  compactRows,
  messageKey,
  remapErrors,
  textOrNull,
  translateErrors,
} from "./formErrors.ts";

const t = (key: string) => `[${key}]`;

describe("rows left empty", () => {
  it("are not sent, and errors point back at the row the person typed in", () => {
    const { rows, index } = compactRows(
      [{ n: "" }, { n: "1" }, { n: " " }, { n: "2" }],
      (r) => r.n.trim() !== "",
    );
    expect(rows).toEqual([{ n: "1" }, { n: "2" }]);
    expect(index).toEqual([1, 3]);
    expect(
      remapErrors({ "phones.1.number": "bad", name: "x", "emails.0.email": "e" }, { phones: index }),
    ).toEqual({
      "phones.3.number": "bad",
      name: "x",
      "emails.0.email": "e",
    });
  });

  it("ignores empty messages and the form-level key", () => {
    expect(remapErrors({ "": "whole form", a: null, b: "ok" }, {})).toEqual({ b: "ok" });
  });

  it("turns blank text into null", () => {
    expect(textOrNull("  ")).toBeNull();
    expect(textOrNull(" Иван ")).toBe("Иван");
  });
});

describe("messages", () => {
  it("knows the shared schemas' and the API's messages", () => {
    expect(messageKey("INN checksum does not match")).toBe("checksum");
    expect(messageKey("The account does not match the BIK (control key)")).toBe("accountBik");
    expect(messageKey("KPP is only issued to an organisation (10-digit INN)")).toBe("kppIndividual");
    expect(messageKey("is not a phone number")).toBe("phone");
    expect(messageKey("Invalid email address")).toBe("email");
    expect(messageKey("expected a number")).toBe("number");
    expect(messageKey("is required")).toBe("required");
    expect(messageKey("Something new")).toBeNull();
  });

  it("translates known messages and keeps unknown ones", () => {
    expect(translateErrors({ inn: "INN must have 10 or 12 digits", x: "Something new" }, t)).toEqual({
      inn: "[innFormat]",
      x: "Something new",
    });
  });
});

describe("validation with the shared schemas", () => {
  it("checks the body a contact form would send, on the form's rows", () => {
    const validate = bodyValidator(
      contactInput,
      (v: { phones: { number: string }[] }) => {
        const { rows, index } = compactRows(v.phones, (p) => p.number !== "");
        return { body: { phones: rows }, rows: { phones: index } };
      },
      t,
    );
    expect(validate({ phones: [{ number: "" }, { number: "+7 916 123-45-67" }] })).toEqual({});
    expect(validate({ phones: [{ number: "" }, { number: "12" }] })).toEqual({
      "phones.1.number": "[phone]",
    });
  });

  it("refuses a company INN with a bad checksum before the API sees it", () => {
    const validate = bodyValidator(
      companyCreateInput,
      (v: { name: string; inn: string }) => ({ body: v, rows: {} }),
      t,
    );
    expect(validate({ name: "Ромашка", inn: "7707083893" })).toEqual({});
    expect(validate({ name: "Ромашка", inn: "7707083894" })).toEqual({ inn: "[checksum]" });
    expect(validate({ name: "", inn: "" })).toEqual({ name: "[required]" });
  });
});
