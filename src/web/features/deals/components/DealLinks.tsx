// The deal's client: its contacts and company, with links to their cards; contacts can be added and removed.
import { ActionIcon, Anchor, Card, Group, Loader, Stack, Text, Title } from "@mantine/core";
import { IconBuilding, IconUser, IconX } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { notifyError } from "../../../components/notify.ts";
import { isNotFound } from "../../../lib/errors.ts";
import { formatPhone } from "../../../lib/format.ts";
import { useSession } from "../../../lib/session.ts";
import { updateDeal } from "../api/deal.ts";
import { dealKeys } from "../api/keys.ts";
import { useCompany, useContacts } from "../api/records.ts";
import type { Deal } from "../api/types.ts";
import { contactLabel, RecordPicker } from "./RecordPicker.tsx";

export function DealLinks({ deal, onChanged }: { deal: Deal; onChanged: () => void }) {
  const { t } = useTranslation("deals");
  const { can } = useSession();
  const client = useQueryClient();
  const contacts = useContacts(deal.contactIds);
  const company = useCompany(deal.companyId);
  const [busy, setBusy] = useState(false);
  const mayUpdate = can("records.update");

  const change = async (body: { contactIds?: string[]; companyId?: string | null }) => {
    setBusy(true);
    try {
      client.setQueryData(dealKeys.deal(deal.id), await updateDeal(deal.id, body));
      void client.invalidateQueries({ queryKey: dealKeys.about(deal.id) });
      onChanged();
    } catch (err) {
      notifyError(err, t);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card withBorder padding="md" data-testid="deal-links">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={3} size="h5">
            {t("links.title")}
          </Title>
          {busy && <Loader size="xs" />}
        </Group>
        <Stack gap={6}>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            {t("links.contacts")}
          </Text>
          {deal.contactIds.length === 0 && (
            <Text size="sm" c="dimmed">
              {t("links.noContacts")}
            </Text>
          )}
          {deal.contactIds.map((id, i) => {
            const q = contacts[i];
            const phone = q?.data?.phones?.[0]?.number;
            return (
              <Group
                key={id}
                justify="space-between"
                wrap="nowrap"
                gap="xs"
                data-testid={`deal-contact-${id}`}
              >
                <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
                  <IconUser size={16} style={{ flex: "none" }} />
                  <Stack gap={0} style={{ minWidth: 0 }}>
                    {q?.data ? (
                      <Anchor component={Link} to={`/contacts/${id}`} size="sm" truncate>
                        {contactLabel(q.data, t("links.noName"))}
                      </Anchor>
                    ) : (
                      <Text size="sm" c="dimmed">
                        {q && isNotFound(q.error) ? t("links.hidden") : t("state.loading", { ns: "common" })}
                      </Text>
                    )}
                    {phone && (
                      <Text size="xs" c="dimmed">
                        {formatPhone(phone)}
                      </Text>
                    )}
                  </Stack>
                </Group>
                {mayUpdate && (
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    size="sm"
                    disabled={busy}
                    aria-label={t("links.removeContact")}
                    onClick={() => void change({ contactIds: deal.contactIds.filter((c) => c !== id) })}
                  >
                    <IconX size={14} />
                  </ActionIcon>
                )}
              </Group>
            );
          })}
          {mayUpdate && (
            <RecordPicker
              what="contacts"
              label={t("links.addContact")}
              exclude={deal.contactIds}
              disabled={busy}
              testId="deal-add-contact"
              onPick={(id) => void change({ contactIds: [...deal.contactIds, id] })}
            />
          )}
        </Stack>
        <Stack gap={6}>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            {t("links.company")}
          </Text>
          {deal.companyId ? (
            <Group justify="space-between" wrap="nowrap" gap="xs">
              <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
                <IconBuilding size={16} style={{ flex: "none" }} />
                {company.data ? (
                  <Anchor component={Link} to={`/companies/${deal.companyId}`} size="sm" truncate>
                    {company.data.name}
                  </Anchor>
                ) : (
                  <Text size="sm" c="dimmed">
                    {company.isError ? t("links.hidden") : t("state.loading", { ns: "common" })}
                  </Text>
                )}
              </Group>
              {mayUpdate && (
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  size="sm"
                  disabled={busy}
                  aria-label={t("links.removeCompany")}
                  onClick={() => void change({ companyId: null })}
                >
                  <IconX size={14} />
                </ActionIcon>
              )}
            </Group>
          ) : mayUpdate ? (
            <RecordPicker
              what="companies"
              label={t("links.setCompany")}
              disabled={busy}
              testId="deal-set-company"
              onPick={(id) => void change({ companyId: id })}
            />
          ) : (
            <Text size="sm" c="dimmed">
              {t("links.noCompany")}
            </Text>
          )}
        </Stack>
      </Stack>
    </Card>
  );
}
