// The contact's fields in the record form: name, how to reach them, companies, owner, source and tags.
import { Divider, MultiSelect, Select, SimpleGrid, TextInput } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { contactInput } from "../../../../common/contacts.ts";
import { PointsInput } from "../../../components/records/PointsInput.tsx";
import { RecordForm, type RecordFormProps } from "../../../components/records/RecordForm.tsx";
import { useMembers, useSources, useTags } from "../../../lib/session.ts";
import { CONTACT_POINTS, type ContactBody, type ContactFormValues, contactBody } from "../contactForm.ts";
import { CompanyPicker } from "./CompanyPicker.tsx";

export function ContactForm(props: RecordFormProps<ContactFormValues, ContactBody>) {
  const { t } = useTranslation("contacts");
  const members = useMembers();
  const sources = useSources();
  const tags = useTags();
  return (
    <RecordForm entity="contact" ns="contacts" schema={contactInput} prepare={contactBody} {...props}>
      {(form, field) => (
        <>
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
            <TextInput {...field("lastName", { autoComplete: "off" })} />
            <TextInput {...field("firstName", { autoComplete: "off" })} />
            <TextInput {...field("middleName", { autoComplete: "off" })} />
          </SimpleGrid>
          <TextInput {...field("position")} />
          <Divider label={t("form.reach")} labelPosition="left" />
          <PointsInput form={form} defaults={CONTACT_POINTS} />
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
            <TextInput
              {...field("telegramUsername", { placeholder: "@username", "data-testid": "contact-telegram" })}
            />
            <TextInput {...field("telegramId", { inputMode: "numeric" })} />
            <TextInput {...field("whatsappId", { inputMode: "numeric", placeholder: "79001234567" })} />
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
        </>
      )}
    </RecordForm>
  );
}
