// Every API error as a sentence in the person's language: by its stable code, else the API's message.
import type { TFunction } from "i18next";
import { ApiError } from "./api.ts";

/** The text to show for an error thrown by a call; never empty, never a stack trace. */
export function errorText(err: unknown, t: TFunction): string {
  if (err instanceof ApiError) {
    const key = `errors.${err.code}`;
    const known = t(key, { ns: "common", defaultValue: "" });
    if (known) return known;
    return err.message || t("errors.unknown", { ns: "common" });
  }
  return t("errors.unknown", { ns: "common" });
}

/** A 422's field errors for a Mantine form (`form.setErrors(fieldErrors(err))`). */
export function fieldErrors(err: unknown): Record<string, string> {
  return err instanceof ApiError ? err.fields : {};
}

export const isNotFound = (err: unknown) =>
  err instanceof ApiError && (err.status === 404 || err.status === 403);
export const isUnauthenticated = (err: unknown) => err instanceof ApiError && err.status === 401;
