// A company's general fields for reading: how to reach it, who owns it, tags, custom fields.
import { Anchor, Divider, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { CustomFieldValue } from "../../../components/records/CustomFieldValue.tsx";
import { Info, InfoGrid, MemberName, TagBadges } from "../../../components/records/display.tsx";
import { EmailLinks, PhoneLinks } from "../../../components/records/Points.tsx";
import { formatDateTime } from "../../../lib/format.ts";
import { type CustomField, useSession } from "../../../lib/session.ts";
import type { Company } from "../api/companies.ts";

export function CompanyDetails({ company, fields }: { company: Company; fields: CustomField[] }) {
  const { t, i18n } = useTranslation("companies");
  const lang = i18n.language;
  const { currency } = useSession().workspace;
  return (
    <Stack gap="md" data-testid="company-details">
      <InfoGrid>
        <Info label={t("fields.phones")}>
          {company.phones.length > 0 && <PhoneLinks phones={company.phones} />}
        </Info>
        <Info label={t("fields.emails")}>
          {company.emails.length > 0 && <EmailLinks emails={company.emails} />}
        </Info>
        <Info label={t("fields.website")}>
          {company.website && (
            <Anchor href={company.website} target="_blank" rel="noopener noreferrer">
              {company.website.replace(/^https?:\/\//, "")}
            </Anchor>
          )}
        </Info>
        <Info label={t("fields.owner")}>
          <MemberName id={company.ownerId} />
        </Info>
        <Info label={t("fields.tags")}>
          {company.tagIds.length > 0 && <TagBadges ids={company.tagIds} />}
        </Info>
      </InfoGrid>
      {fields.length > 0 && (
        <>
          <Divider label={t("form.custom")} labelPosition="left" />
          <InfoGrid testId="company-custom-fields">
            {fields.map((f) => (
              <Info key={f.key} label={f.label}>
                <CustomFieldValue field={f} value={company.customFields[f.key]} currency={currency} />
              </Info>
            ))}
          </InfoGrid>
        </>
      )}
      <Text size="xs" c="dimmed">
        {t("card.created", { when: formatDateTime(company.createdAt, lang) })}
        {" · "}
        <MemberName id={company.createdBy} fallback={t("system")} />
        {" · "}
        {t("card.updated", { when: formatDateTime(company.updatedAt, lang) })}
      </Text>
    </Stack>
  );
}
