// Lead capture forms (/api/forms, docs/forms.md): the settings form as an API body, allowed origins
// typed one a line, and the copy-paste snippet a site puts on its pages.
import type { components } from "../../../../common/api/schema.d.ts";
import { ApiError } from "../../../lib/api.ts";

export type LeadForm = components["schemas"]["LeadForm"];
export const TARGETS = ["deal", "unsorted"] as const;
export type FormTarget = (typeof TARGETS)[number];
export const MAX_ORIGINS = 20;

export interface LeadFormValues {
  name: string;
  /** One origin a line, as typed. */
  origins: string;
  target: FormTarget;
  pipelineId: string | null;
  sourceId: string | null;
  assigneeId: string | null;
}

export const emptyLeadForm = (): LeadFormValues => ({
  name: "",
  origins: "",
  target: "deal",
  pipelineId: null,
  sourceId: null,
  assigneeId: null,
});

export const leadFormValues = (form: LeadForm): LeadFormValues => ({
  name: form.name,
  origins: form.allowedOrigins.join("\n"),
  target: form.target,
  pipelineId: form.pipelineId,
  sourceId: form.sourceId,
  assigneeId: form.assigneeId,
});

/** The typed lines as a list: trimmed, empty ones and repeats left out (commas and spaces split too). */
export const originLines = (text: string) => [
  ...new Set(
    text
      .split(/[\s,]+/)
      .map((s) => s.trim())
      .filter(Boolean),
  ),
];

/** `https://shop.example.ru/` → `https://shop.example.ru`; null when it is not a bare http(s) origin. */
export function asOrigin(text: string): string | null {
  try {
    const url = new URL(text);
    const bare = url.pathname === "/" && !url.search && !url.hash && !url.username && !url.password;
    return (url.protocol === "https:" || url.protocol === "http:") && bare ? url.origin : null;
  } catch {
    return null;
  }
}

/** The form's own checks, as i18n keys of the settings namespace (the server checks the same again). */
export function leadFormErrors(values: LeadFormValues): Partial<Record<keyof LeadFormValues, string>> {
  const errors: Partial<Record<keyof LeadFormValues, string>> = {};
  const name = values.name.trim();
  if (!name) errors.name = "validation.required";
  else if (name.length > 200) errors.name = "validation.tooLong";
  const origins = originLines(values.origins);
  if (origins.length > MAX_ORIGINS) errors.origins = "leadForms.validation.tooManyOrigins";
  else if (origins.some((o) => asOrigin(o) === null)) errors.origins = "leadForms.validation.origin";
  return errors;
}

/** The POST/PATCH body: origins normalised; the pipeline only matters for the deal target. */
export function leadFormBody(values: LeadFormValues) {
  return {
    name: values.name.trim(),
    allowedOrigins: originLines(values.origins).map((o) => asOrigin(o) ?? o),
    target: values.target,
    pipelineId: values.target === "deal" ? values.pipelineId : null,
    sourceId: values.sourceId,
    assigneeId: values.assigneeId,
  };
}

/** A 422's field errors on the form's fields: `allowedOrigins.3` shows on the origins box. */
export function leadFormFieldErrors(err: unknown): Record<string, string> {
  if (!(err instanceof ApiError) || err.status !== 422) return {};
  const out: Record<string, string> = {};
  for (const [field, message] of Object.entries(err.fields)) {
    const name = field.split(".")[0] ?? field;
    out[name === "allowedOrigins" ? "origins" : name] ??= message;
  }
  return out;
}

export interface SnippetTexts {
  name: string;
  phone: string;
  email: string;
  message: string;
  submit: string;
  success: string;
  honeypot: string;
}

const escapeAttr = (s: string) =>
  s.replaceAll("&", "&amp;").replaceAll('"', "&quot;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
const escapeText = (s: string) => s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");

/**
 * What the site's developer pastes: the script tag (on every page, so the landing page's UTM tags are
 * kept) and a form it sends, with the hidden honeypot field.
 */
export function snippetHtml(snippetUrl: string, texts: SnippetTexts): string {
  return [
    `<script src="${escapeAttr(snippetUrl)}" async></script>`,
    "",
    `<form data-flame-form data-flame-success="${escapeAttr(texts.success)}">`,
    `  <input name="name" placeholder="${escapeAttr(texts.name)}">`,
    `  <input name="phone" type="tel" placeholder="${escapeAttr(texts.phone)}">`,
    `  <input name="email" type="email" placeholder="${escapeAttr(texts.email)}">`,
    `  <textarea name="message" placeholder="${escapeAttr(texts.message)}"></textarea>`,
    `  <!-- ${escapeText(texts.honeypot).replaceAll("--", "—")} -->`,
    `  <input name="website" tabindex="-1" autocomplete="off" aria-hidden="true"`,
    `         style="position:absolute;left:-9999px">`,
    `  <button>${escapeText(texts.submit)}</button>`,
    "</form>",
    "",
  ].join("\n");
}
