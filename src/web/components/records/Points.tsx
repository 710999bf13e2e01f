// A record's phones (tel: links, formatted), e-mails (mailto:) and Telegram (t.me link) for reading.
import { Anchor, Group, Stack, Text } from "@mantine/core";
import { IconBrandTelegram, IconMail, IconPhone } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { formatPhone } from "../../lib/format.ts";

export function PhoneLinks({
  phones,
  withType = true,
}: {
  phones: { number: string; type: string }[];
  withType?: boolean;
}) {
  const { t } = useTranslation("records");
  return (
    <Stack gap={2}>
      {phones.map((p) => (
        <Group key={p.number} gap={6} wrap="nowrap">
          <IconPhone size={14} aria-hidden />
          <Anchor
            href={`tel:${p.number}`}
            size="sm"
            data-testid="phone-link"
            style={{ whiteSpace: "nowrap" }}
          >
            {formatPhone(p.number)}
          </Anchor>
          {withType && (
            <Text size="xs" c="dimmed">
              {t(`phoneTypes.${p.type}`, { defaultValue: p.type })}
            </Text>
          )}
        </Group>
      ))}
    </Stack>
  );
}

export function EmailLinks({
  emails,
  withType = true,
}: {
  emails: { email: string; type: string }[];
  withType?: boolean;
}) {
  const { t } = useTranslation("records");
  return (
    <Stack gap={2}>
      {emails.map((e) => (
        <Group key={e.email} gap={6} wrap="nowrap">
          <IconMail size={14} aria-hidden />
          <Anchor href={`mailto:${e.email}`} size="sm" data-testid="email-link">
            {e.email}
          </Anchor>
          {withType && (
            <Text size="xs" c="dimmed">
              {t(`emailTypes.${e.type}`, { defaultValue: e.type })}
            </Text>
          )}
        </Group>
      ))}
    </Stack>
  );
}

export function TelegramLink({ username }: { username: string }) {
  return (
    <Group gap={6} wrap="nowrap">
      <IconBrandTelegram size={14} aria-hidden />
      <Anchor
        href={`https://t.me/${encodeURIComponent(username)}`}
        target="_blank"
        rel="noopener noreferrer"
        size="sm"
        data-testid="telegram-link"
      >
        @{username}
      </Anchor>
    </Group>
  );
}
