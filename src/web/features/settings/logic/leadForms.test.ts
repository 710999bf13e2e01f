import { describe, expect, it } from "vitest";
import { ApiError } from "../../../lib/api.ts";
import {
  asOrigin,
  emptyLeadForm,
  type LeadForm,
  leadFormBody,
  leadFormErrors,
  leadFormFieldErrors,
  leadFormValues,
  originLines,
  snippetHtml,
} from "./leadForms.ts";

const TEXTS = {
  name: "Имя",
  phone: "Телефон",
  email: "E-mail",
  message: "Сообщение",
  submit: "Отправить",
  success: 'Спасибо! Мы "перезвоним"',
  honeypot: "ловушка -- для ботов",
};

describe("lead form settings", () => {
  it("reads origins one a line (or separated by commas), without blanks and repeats", () => {
    expect(originLines(" https://a.ru\n\nhttps://b.ru, https://a.ru ")).toEqual([
      "https://a.ru",
      "https://b.ru",
    ]);
  });

  it("accepts only bare http(s) origins, a trailing slash forgiven", () => {
    expect(asOrigin("https://shop.example.ru/")).toBe("https://shop.example.ru");
    expect(asOrigin("http://localhost:8080")).toBe("http://localhost:8080");
    expect(asOrigin("https://shop.example.ru/contacts")).toBeNull();
    expect(asOrigin("https://shop.example.ru?x=1")).toBeNull();
    expect(asOrigin("ftp://shop.example.ru")).toBeNull();
    expect(asOrigin("shop.example.ru")).toBeNull();
  });

  it("checks the name and the origins", () => {
    expect(leadFormErrors(emptyLeadForm())).toEqual({ name: "validation.required" });
    expect(leadFormErrors({ ...emptyLeadForm(), name: "Сайт", origins: "https://a.ru/page" })).toEqual({
      origins: "leadForms.validation.origin",
    });
    const many = Array.from({ length: 21 }, (_, i) => `https://s${i}.ru`).join("\n");
    expect(leadFormErrors({ ...emptyLeadForm(), name: "Сайт", origins: many })).toEqual({
      origins: "leadForms.validation.tooManyOrigins",
    });
  });

  it("sends normalised origins and no pipeline for the Unsorted target", () => {
    const values = {
      ...emptyLeadForm(),
      name: " Заявка ",
      origins: "https://shop.example.ru/\nhttps://m.shop.example.ru",
      pipelineId: "pl_1",
      sourceId: "src_1",
    };
    expect(leadFormBody(values)).toEqual({
      name: "Заявка",
      allowedOrigins: ["https://shop.example.ru", "https://m.shop.example.ru"],
      target: "deal",
      pipelineId: "pl_1",
      sourceId: "src_1",
      assigneeId: null,
    });
    expect(leadFormBody({ ...values, target: "unsorted" }).pipelineId).toBeNull();
  });

  it("edits a form as it is", () => {
    const form = {
      id: "f1",
      name: "Сайт",
      token: "tok",
      allowedOrigins: ["https://a.ru", "https://b.ru"],
      target: "unsorted",
      pipelineId: null,
      sourceId: "src_1",
      assigneeId: "u1",
      endpoint: "http://crm/api/forms/tok",
      snippetUrl: "http://crm/api/forms/tok/snippet.js",
      createdAt: "2026-11-26T00:00:00Z",
      updatedAt: "2026-11-26T00:00:00Z",
    } satisfies LeadForm;
    expect(leadFormValues(form)).toEqual({
      name: "Сайт",
      origins: "https://a.ru\nhttps://b.ru",
      target: "unsorted",
      pipelineId: null,
      sourceId: "src_1",
      assigneeId: "u1",
    });
  });

  it("puts the server's origin errors on the origins box", () => {
    const err = new ApiError(422, "validation_failed", "bad", [
      { field: "body.allowedOrigins.1", message: "an origin such as https://shop.example.ru" },
      { field: "body.name", message: "too long" },
    ]);
    expect(leadFormFieldErrors(err)).toEqual({
      origins: "an origin such as https://shop.example.ru",
      name: "too long",
    });
    expect(leadFormFieldErrors(new ApiError(404, "not_found", "gone"))).toEqual({});
  });
});

describe("the snippet", () => {
  it("is the script tag and a form with the honeypot, escaped for HTML", () => {
    const html = snippetHtml("https://crm.example.ru/api/forms/abc/snippet.js", TEXTS);
    expect(
      html.startsWith('<script src="https://crm.example.ru/api/forms/abc/snippet.js" async></script>'),
    ).toBe(true);
    expect(html).toContain('<form data-flame-form data-flame-success="Спасибо! Мы &quot;перезвоним&quot;">');
    expect(html).toContain('<input name="phone" type="tel" placeholder="Телефон">');
    expect(html).toContain('<input name="website" tabindex="-1" autocomplete="off" aria-hidden="true"');
    // "--" may not appear inside an HTML comment.
    expect(html).toContain("<!-- ловушка — для ботов -->");
    expect(html.trim().endsWith("</form>")).toBe(true);
  });
});
