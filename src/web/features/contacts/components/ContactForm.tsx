// The contact form, for a new contact and for editing one: validated with the API's own schema, the
// API's field errors shown next to the fields.
import { Button, Divider, Group, MultiSelect, Select, SimpleGrid, Stack, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useTranslation } from "react-i18next";
import { contactInput } from "../../../../common/contacts.ts";
import { notifyError } from "../../../components/notify.ts";
import { CustomFieldInputs } from "../../../components/records/CustomFieldInputs.tsx";
import { bodyValidator, remapErrors, translateErrors } from "../../../components/records/formErrors.ts";
import { PointsInput } from "../../../components/records/PointsInput.tsx";
import { fieldErrors } from "../../../lib/errors.ts";
import { type CustomField, useMembers, useSources, useTags } from "../../../lib/session.ts";
import { CONTACT_POINTS, type ContactBody, type ContactFormValues, contactBody } from "../contactForm.ts";
import { CompanyPicker } from "./CompanyPicker.tsx";

export function ContactForm({
  initialValues,
  fields,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  initialValues: ContactFormValues;
  fields: CustomField[];
  submitLabel: string;
  /** Saves; a thrown ApiError's field errors land on the fields. */
  onSubmit: (body: ContactBody) => Promise<unknown>;
  onCancel: () => void;
}) {
  const { t } = useTranslation("contacts");
  const { t: tv } = useTranslation("records", { keyPrefix: "validation" });
  const { t: tc } = useTranslation();
  const members = useMembers();
  const sources = useSources();
  const tags = useTags();
  const form = useForm<ContactFormValues>({
    mode: "controlled",
    initialValues,
    validateInputOnBlur: true,
    validate: bodyValidator(contactInput, (values: ContactFormValues) => contactBody(values, fields), tv),
  });
  const submit = form.onSubmit(async (values) => {
    const prepared = contactBody(values, fields);
    try {
      await onSubmit(prepared.body);
    } catch (err) {
      form.setErrors(translateErrors(remapErrors(fieldErrors(err), prepared.rows), tv));
      notifyError(err, tc);
    }
  });
  return (
    <form onSubmit={submit} noValidate data-testid="contact-form">
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <TextInput
            label={t("fields.lastName")}
            autoComplete="off"
            data-testid="contact-lastName"
            {...form.getInputProps("lastName")}
          />
          <TextInput
            label={t("fields.firstName")}
            autoComplete="off"
            data-testid="contact-firstName"
            {...form.getInputProps("firstName")}
          />
          <TextInput
            label={t("fields.middleName")}
            autoComplete="off"
            data-testid="contact-middleName"
            {...form.getInputProps("middleName")}
          />
        </SimpleGrid>
        <TextInput
          label={t("fields.position")}
          data-testid="contact-position"
          {...form.getInputProps("position")}
        />
        <Divider label={t("form.reach")} labelPosition="left" />
        <PointsInput form={form} defaults={CONTACT_POINTS} />
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <TextInput
            label={t("fields.telegramUsername")}
            placeholder="@username"
            data-testid="contact-telegram"
            {...form.getInputProps("telegramUsername")}
          />
          <TextInput
            label={t("fields.telegramId")}
            inputMode="numeric"
            {...form.getInputProps("telegramId")}
          />
          <TextInput
            label={t("fields.whatsappId")}
            inputMode="numeric"
            placeholder="79001234567"
            {...form.getInputProps("whatsappId")}
          />
        </SimpleGrid>
        <Divider label={t("form.work")} labelPosition="left" />
        <CompanyPicker
          value={form.values.companyIds}
          onChange={(ids) => form.setFieldValue("companyIds", ids)}
          error={form.errors.companyIds}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <Select
            label={t("fields.owner")}
            data={(members.data ?? []).map((m) => ({ value: m.userId, label: m.name || m.email }))}
            clearable
            searchable
            data-testid="contact-owner"
            {...form.getInputProps("ownerId")}
          />
          <Select
            label={t("fields.source")}
            data={(sources.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
            clearable
            searchable
            data-testid="contact-source"
            {...form.getInputProps("sourceId")}
          />
        </SimpleGrid>
        <MultiSelect
          label={t("fields.tags")}
          data={(tags.data ?? []).map((tag) => ({ value: tag.id, label: tag.name }))}
          searchable
          clearable
          data-testid="contact-tags"
          {...form.getInputProps("tagIds")}
        />
        {fields.length > 0 && <Divider label={t("form.custom")} labelPosition="left" />}
        <CustomFieldInputs fields={fields} form={form} />
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onCancel} disabled={form.submitting}>
            {tc("actions.cancel")}
          </Button>
          <Button type="submit" loading={form.submitting} data-testid="contact-form-submit">
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
