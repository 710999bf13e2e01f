import { describe, expect, it } from "vitest";
import { contactInput } from "../../../common/contacts.ts";
import type { CustomField } from "../../lib/session.ts";
import { contactBody, contactToForm, emptyContactForm } from "./contactForm.ts";

const city: CustomField = {
  id: "f1",
  entity: "contact",
  key: "city",
  label: "Город",
  type: "text",
  options: [],
  required: false,
  position: 0,
};

const stored = {
  firstName: "Иван",
  lastName: "Петров",
  middleName: null,
  phones: [{ number: "+79161234567", type: "work" }],
  emails: [{ email: "ivan@example.ru", type: "personal" }],
  telegramUsername: "ivan_p",
  telegramId: null,
  whatsappId: null,
  position: "Директор",
  sourceId: "s1",
  ownerId: "u1",
  customFields: { city: "Казань" },
  companyIds: ["c1"],
  tagIds: ["t1"],
};

describe("contact form", () => {
  it("starts a new contact with the creator as owner and one empty phone and e-mail row", () => {
    const form = emptyContactForm("u1", [city], { companyIds: ["c9"] });
    expect(form.ownerId).toBe("u1");
    expect(form.phones).toEqual([{ number: "", type: "mobile" }]);
    expect(form.emails).toEqual([{ email: "", type: "work" }]);
    expect(form.companyIds).toEqual(["c9"]);
    expect(form.customFields).toEqual({ city: "" });
  });

  it("sends an empty new contact as nulls, without the untouched rows, and the schema accepts it", () => {
    const { body, rows } = contactBody(emptyContactForm("u1", [city]), [city]);
    expect(body).toMatchObject({ firstName: null, lastName: null, phones: [], emails: [], ownerId: "u1" });
    expect(body.customFields).toEqual({ city: null });
    expect(rows).toEqual({ phones: [], emails: [] });
    expect(contactInput.safeParse(body).success).toBe(true);
  });

  it("round-trips a stored contact", () => {
    const { body } = contactBody(contactToForm(stored, [city]), [city]);
    expect(body).toEqual({ ...stored, telegramId: null, whatsappId: null });
  });

  it("trims what was typed and keeps row positions for errors", () => {
    const values = {
      ...contactToForm(stored, [city]),
      firstName: "  Анна ",
      phones: [
        { number: " ", type: "mobile" as const },
        { number: " 8 916 765-43-21 ", type: "mobile" as const },
      ],
    };
    const { body, rows } = contactBody(values, [city]);
    expect(body.firstName).toBe("Анна");
    expect(body.phones).toEqual([{ number: "8 916 765-43-21", type: "mobile" }]);
    expect(rows.phones).toEqual([1]);
    // The API stores the phone in E.164; the shared schema does the same conversion.
    expect(contactInput.parse(body).phones).toEqual([{ number: "+79167654321", type: "mobile" }]);
  });

  it("maps unknown phone and e-mail types of imported records to 'other'", () => {
    const form = contactToForm({ ...stored, phones: [{ number: "+79161234567", type: "fax" }] }, []);
    expect(form.phones).toEqual([{ number: "+79161234567", type: "other" }]);
  });
});
