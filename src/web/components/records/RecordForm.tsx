// The frame of a record form, for a new record and for editing one: validated with the API's own schema,
// the API's field errors shown next to the fields, custom fields at the end, then cancel and submit.
import { Button, Divider, Group, Stack } from "@mantine/core";
import { type UseFormReturnType, useForm } from "@mantine/form";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { fieldErrors } from "../../lib/errors.ts";
import type { CustomField } from "../../lib/session.ts";
import { notifyError } from "../notify.ts";
import { CustomFieldInputs } from "./CustomFieldInputs.tsx";
import type { FieldValue } from "./customFieldValues.ts";
import { bodyValidator, type Prepared, remapErrors, type Schema, translateErrors } from "./formErrors.ts";

/** What a kind's form takes, wherever it is shown. */
export interface RecordFormProps<V, B> {
  initialValues: V;
  fields: CustomField[];
  submitLabel: string;
  /** Saves; a thrown ApiError's field errors (e.g. `inn`) land on the fields. */
  onSubmit: (body: B) => Promise<unknown>;
  onCancel: () => void;
}

/** A field's props: its label (`fields.<name>` of the kind's texts), test id (`contact-<name>`) and value. */
export type FieldProps<V> = (
  name: keyof V & string,
  extra?: Record<string, unknown>,
) => Record<string, unknown> & { label: string; "data-testid": string };

export function RecordForm<V extends { customFields: Record<string, FieldValue> }, B>({
  entity,
  ns,
  schema,
  prepare,
  initialValues,
  fields,
  submitLabel,
  onSubmit,
  onCancel,
  children,
}: RecordFormProps<V, B> & {
  /** "contact": the form is `contact-form`, its button `contact-form-submit`. */
  entity: string;
  /** The kind's texts. */
  ns: string;
  schema: Schema;
  /** The body the form would send, and where its rows came from. */
  prepare: (values: V, fields: readonly CustomField[]) => Prepared<B>;
  /** The kind's own fields. */
  children: (form: UseFormReturnType<V>, field: FieldProps<V>) => ReactNode;
}) {
  const { t } = useTranslation(ns);
  const { t: tv } = useTranslation("records", { keyPrefix: "validation" });
  const { t: tc } = useTranslation();
  const form = useForm<V>({
    mode: "controlled",
    initialValues,
    validateInputOnBlur: true,
    validate: bodyValidator(schema, (values: V) => prepare(values, fields), tv),
  });
  const submit = form.onSubmit(async (values) => {
    const prepared = prepare(values, fields);
    try {
      await onSubmit(prepared.body);
    } catch (err) {
      form.setErrors(translateErrors(remapErrors(fieldErrors(err), prepared.rows), tv));
      notifyError(err, tc);
    }
  });
  const field: FieldProps<V> = (name: string, extra) => ({
    label: t(`fields.${name}`),
    "data-testid": `${entity}-${name}`,
    ...extra,
    ...form.getInputProps(name),
  });
  return (
    <form onSubmit={submit} noValidate data-testid={`${entity}-form`}>
      <Stack gap="sm">
        {children(form, field)}
        {fields.length > 0 && <Divider label={t("form.custom")} labelPosition="left" />}
        <CustomFieldInputs fields={fields} form={form} />
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onCancel} disabled={form.submitting}>
            {tc("actions.cancel")}
          </Button>
          <Button type="submit" loading={form.submitting} data-testid={`${entity}-form-submit`}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
