// The company's fields in the record form: names, how to reach it, requisites (checked with the API's own
// schema: checksums, and against each other), bank, owner and tags.
import { Autocomplete, Divider, MultiSelect, Select, SimpleGrid, Textarea, TextInput } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { companyCreateInput } from "../../../../common/companies.ts";
import { PointsInput } from "../../../components/records/PointsInput.tsx";
import { RecordForm, type RecordFormProps } from "../../../components/records/RecordForm.tsx";
import { useMembers, useTags } from "../../../lib/session.ts";
import { COMPANY_POINTS, type CompanyBody, type CompanyFormValues, companyBody } from "../companyForm.ts";

const LEGAL_FORMS = ["ООО", "АО", "ПАО", "ИП", "НАО", "ЗАО", "НКО", "ГУП", "МУП", "Самозанятый"];

export function CompanyForm(props: RecordFormProps<CompanyFormValues, CompanyBody>) {
  const { t } = useTranslation("companies");
  const members = useMembers();
  const tags = useTags();
  return (
    <RecordForm entity="company" ns="companies" schema={companyCreateInput} prepare={companyBody} {...props}>
      {(form, field) => (
        <>
          <TextInput {...field("name", { withAsterisk: true, autoComplete: "organization" })} />
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
            <Autocomplete {...field("legalForm")} data={LEGAL_FORMS} />
            <TextInput {...field("legalName")} style={{ gridColumn: "span 2" }} />
          </SimpleGrid>
          <TextInput {...field("website", { placeholder: "https://", inputMode: "url" })} />
          <Divider label={t("form.reach")} labelPosition="left" />
          <PointsInput form={form} defaults={COMPANY_POINTS} />
          <Divider label={t("form.requisites")} labelPosition="left" />
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
            <TextInput {...field("inn", { inputMode: "numeric", maxLength: 14 })} />
            <TextInput {...field("kpp", { maxLength: 11 })} />
            <TextInput
              {...field("ogrn", { inputMode: "numeric", maxLength: 17, description: t("form.ogrnHint") })}
            />
          </SimpleGrid>
          <Textarea {...field("legalAddress", { autosize: true, minRows: 1 })} />
          <Textarea {...field("actualAddress", { autosize: true, minRows: 1 })} />
          <Divider label={t("form.bank")} labelPosition="left" />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <TextInput {...field("bik", { inputMode: "numeric", maxLength: 11 })} />
            <TextInput {...field("bankName")} />
            <TextInput {...field("settlementAccount", { inputMode: "numeric", maxLength: 25 })} />
            <TextInput {...field("correspondentAccount", { inputMode: "numeric", maxLength: 25 })} />
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
        </>
      )}
    </RecordForm>
  );
}
