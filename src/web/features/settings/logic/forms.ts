// Form helpers: zod validation with messages from the settings namespace, and API errors shown where
// they belong (next to the field for a 422, as a notification otherwise).
import { schemaResolver, type UseFormReturnType } from "@mantine/form";
import type { TFunction } from "i18next";
import type { ReactNode } from "react";
import type { z } from "zod";
import { notifyError } from "../../../components/notify.ts";
import { ApiError } from "../../../lib/api.ts";
import { errorText, fieldErrors } from "../../../lib/errors.ts";

/** A Mantine `validate` from a zod schema whose messages are keys of the `settings` namespace. */
export function resolver(schema: z.ZodType, t: TFunction) {
  const resolve = schemaResolver(schema, { sync: true });
  return (values: unknown) => {
    const errors: Record<string, ReactNode> = {};
    for (const [field, message] of Object.entries(resolve(values))) {
      errors[field] =
        typeof message === "string" ? t(message, { ns: "settings", defaultValue: message }) : message;
    }
    return errors;
  };
}

/** Puts a 422's field errors on the form; anything else becomes a notification. */
export function showFormError(
  form: { setErrors: (errors: Record<string, ReactNode>) => void },
  err: unknown,
  t: TFunction,
) {
  const fields = fieldErrors(err);
  if (Object.keys(fields).length > 0) form.setErrors(fields);
  else notifyError(err, t);
}

/** A create form's submit: `save` the values, then empty the form; a failure shows on the form instead. */
export function submitAndReset<V>(
  form: UseFormReturnType<V>,
  t: TFunction,
  save: (values: V) => Promise<unknown>,
) {
  return form.onSubmit(async (values) => {
    try {
      await save(values);
      form.reset();
    } catch (err) {
      showFormError(form, err, t);
    }
  });
}

/** The text for a failed delete: a 409 means the entry is still in use. */
export function deleteErrorText(err: unknown, t: TFunction, name: string): string {
  if (err instanceof ApiError && err.status === 409) return t("errors.inUse", { ns: "settings", name });
  return errorText(err, t);
}

export const required = "validation.required";
export const tooLong = "validation.tooLong";
