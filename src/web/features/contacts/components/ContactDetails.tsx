// A contact's fields for reading: how to reach them, where they work, who owns them, custom fields.
import { Anchor, Divider, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { CustomFieldValue } from "../../../components/records/CustomFieldValue.tsx";
import { Info, InfoGrid, MemberName, SourceName, TagBadges } from "../../../components/records/display.tsx";
import { EmailLinks, PhoneLinks, TelegramLink } from "../../../components/records/Points.tsx";
import { formatDateTime } from "../../../lib/format.ts";
import { type CustomField, useSession } from "../../../lib/session.ts";
import type { Contact } from "../api/contacts.ts";
import { CompanyLinks } from "./names.tsx";

export function ContactDetails({ contact, fields }: { contact: Contact; fields: CustomField[] }) {
  const { t, i18n } = useTranslation("contacts");
  const lang = i18n.language;
  const { currency } = useSession().workspace;
  return (
    <Stack gap="md" data-testid="contact-details">
      <InfoGrid>
        <Info label={t("fields.phones")}>
          {contact.phones.length > 0 && <PhoneLinks phones={contact.phones} />}
        </Info>
        <Info label={t("fields.emails")}>
          {contact.emails.length > 0 && <EmailLinks emails={contact.emails} />}
        </Info>
        <Info label={t("fields.telegramUsername")}>
          {contact.telegramUsername && <TelegramLink username={contact.telegramUsername} />}
        </Info>
        <Info label={t("fields.whatsappId")}>
          {contact.whatsappId && (
            <Anchor href={`https://wa.me/${contact.whatsappId}`} target="_blank" rel="noopener noreferrer">
              {contact.whatsappId}
            </Anchor>
          )}
        </Info>
        <Info label={t("fields.position")}>{contact.position}</Info>
        <Info label={t("fields.companies")}>
          <CompanyLinks ids={contact.companyIds} />
        </Info>
        <Info label={t("fields.owner")}>
          <MemberName id={contact.ownerId} />
        </Info>
        <Info label={t("fields.source")}>
          <SourceName id={contact.sourceId} />
        </Info>
        <Info label={t("fields.tags")}>
          {contact.tagIds.length > 0 && <TagBadges ids={contact.tagIds} />}
        </Info>
        {contact.telegramId && <Info label={t("fields.telegramId")}>{contact.telegramId}</Info>}
      </InfoGrid>
      {fields.length > 0 && (
        <>
          <Divider label={t("form.custom")} labelPosition="left" />
          <InfoGrid testId="contact-custom-fields">
            {fields.map((f) => (
              <Info key={f.key} label={f.label}>
                <CustomFieldValue field={f} value={contact.customFields[f.key]} currency={currency} />
              </Info>
            ))}
          </InfoGrid>
        </>
      )}
      <Text size="xs" c="dimmed">
        {t("card.created", { when: formatDateTime(contact.createdAt, lang) })}
        {" · "}
        <MemberName id={contact.createdBy} fallback={t("system", { ns: "records" })} />
        {" · "}
        {t("card.updated", { when: formatDateTime(contact.updatedAt, lang) })}
      </Text>
    </Stack>
  );
}
