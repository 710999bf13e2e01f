// The company form, for a new company and for editing one: requisites checked (checksums, and against
// each other) with the API's own schema before sending; the API's field errors shown next to the fields.
import {
  Autocomplete,
  Button,
  Divider,
  Group,
  MultiSelect,
  Select,
  SimpleGrid,
  Stack,
  Textarea,
  TextInput,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { useTranslation } from "react-i18next";
import { companyCreateInput } from "../../../../common/companies.ts";
import { notifyError } from "../../../components/notify.ts";
import { CustomFieldInputs } from "../../../components/records/CustomFieldInputs.tsx";
import { bodyValidator, remapErrors, translateErrors } from "../../../components/records/formErrors.ts";
import { PointsInput } from "../../../components/records/PointsInput.tsx";
import { fieldErrors } from "../../../lib/errors.ts";
import { type CustomField, useMembers, useTags } from "../../../lib/session.ts";
import { COMPANY_POINTS, type CompanyBody, type CompanyFormValues, companyBody } from "../companyForm.ts";

const LEGAL_FORMS = ["ООО", "АО", "ПАО", "ИП", "НАО", "ЗАО", "НКО", "ГУП", "МУП", "Самозанятый"];

export function CompanyForm({
  initialValues,
  fields,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  initialValues: CompanyFormValues;
  fields: CustomField[];
  submitLabel: string;
  /** Saves; a thrown ApiError's field errors (e.g. `inn`) land on the fields. */
  onSubmit: (body: CompanyBody) => Promise<unknown>;
  onCancel: () => void;
}) {
  const { t } = useTranslation("companies");
  const { t: tv } = useTranslation("records", { keyPrefix: "validation" });
  const { t: tc } = useTranslation();
  const members = useMembers();
  const tags = useTags();
  const form = useForm<CompanyFormValues>({
    mode: "controlled",
    initialValues,
    validateInputOnBlur: true,
    validate: bodyValidator(
      companyCreateInput,
      (values: CompanyFormValues) => companyBody(values, fields),
      tv,
    ),
  });
  const submit = form.onSubmit(async (values) => {
    const prepared = companyBody(values, fields);
    try {
      await onSubmit(prepared.body);
    } catch (err) {
      form.setErrors(translateErrors(remapErrors(fieldErrors(err), prepared.rows), tv));
      notifyError(err, tc);
    }
  });
  const input = (field: keyof CompanyFormValues & string, extra: Record<string, unknown> = {}) => ({
    label: t(`fields.${field}`),
    "data-testid": `company-${field}`,
    ...extra,
    ...form.getInputProps(field),
  });
  return (
    <form onSubmit={submit} noValidate data-testid="company-form">
      <Stack gap="sm">
        <TextInput {...input("name", { withAsterisk: true, autoComplete: "organization" })} />
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <Autocomplete {...input("legalForm")} data={LEGAL_FORMS} />
          <TextInput {...input("legalName")} style={{ gridColumn: "span 2" }} />
        </SimpleGrid>
        <TextInput {...input("website", { placeholder: "https://", inputMode: "url" })} />
        <Divider label={t("form.reach")} labelPosition="left" />
        <PointsInput form={form} defaults={COMPANY_POINTS} />
        <Divider label={t("form.requisites")} labelPosition="left" />
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <TextInput {...input("inn", { inputMode: "numeric", maxLength: 14 })} />
          <TextInput {...input("kpp", { maxLength: 11 })} />
          <TextInput
            {...input("ogrn", { inputMode: "numeric", maxLength: 17, description: t("form.ogrnHint") })}
          />
        </SimpleGrid>
        <Textarea {...input("legalAddress", { autosize: true, minRows: 1 })} />
        <Textarea {...input("actualAddress", { autosize: true, minRows: 1 })} />
        <Divider label={t("form.bank")} labelPosition="left" />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput {...input("bik", { inputMode: "numeric", maxLength: 11 })} />
          <TextInput {...input("bankName")} />
          <TextInput {...input("settlementAccount", { inputMode: "numeric", maxLength: 25 })} />
          <TextInput {...input("correspondentAccount", { inputMode: "numeric", maxLength: 25 })} />
        </SimpleGrid>
        <Divider label={t("form.work")} labelPosition="left" />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <Select
            label={t("fields.owner")}
            data={(members.data ?? []).map((m) => ({ value: m.userId, label: m.name || m.email }))}
            clearable
            searchable
            data-testid="company-owner"
            {...form.getInputProps("ownerId")}
          />
          <MultiSelect
            label={t("fields.tags")}
            data={(tags.data ?? []).map((tag) => ({ value: tag.id, label: tag.name }))}
            searchable
            clearable
            data-testid="company-tags"
            {...form.getInputProps("tagIds")}
          />
        </SimpleGrid>
        {fields.length > 0 && <Divider label={t("form.custom")} labelPosition="left" />}
        <CustomFieldInputs fields={fields} form={form} />
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onCancel} disabled={form.submitting}>
            {tc("actions.cancel")}
          </Button>
          <Button type="submit" loading={form.submitting} data-testid="company-form-submit">
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
