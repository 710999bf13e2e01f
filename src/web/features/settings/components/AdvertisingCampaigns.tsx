// Direct's campaigns and Avito's listings with their spend over a recent period, and what ties them to
// deals: the lead source and the utm_campaign value the ads' links carry. Edited in place, saved at once.
import {
  Button,
  Group,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { IconDeviceFloppy } from "@tabler/icons-react";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { notifyDone, notifyError } from "../../../components/notify.ts";
import { QueryState } from "../../../components/QueryState.tsx";
import { formatMoney, formatNumber } from "../../../lib/format.ts";
import { useSession, useSources } from "../../../lib/session.ts";
import { useCampaigns, useUpdateCampaigns } from "../api/advertising.ts";
import {
  type Campaign,
  campaignKey,
  campaignPatchItem,
  lastDays,
  normalizeEdit,
} from "../logic/advertising.ts";

const SPANS = ["7", "30", "90"] as const;
type Draft = { sourceId: string | null; utmCampaign: string };

export function AdvertisingCampaigns({ editable }: { editable: boolean }) {
  const { t } = useTranslation("settings");
  const [span, setSpan] = useState<(typeof SPANS)[number]>("30");
  const period = useMemo(() => lastDays(Number(span)), [span]);
  const campaigns = useCampaigns(period);
  return (
    <Paper withBorder p="md" data-testid="advertising-campaigns">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" gap="xs">
          <div>
            <Title order={4} size="h5">
              {t("advertising.campaigns.title")}
            </Title>
            <Text size="sm" c="dimmed">
              {t("advertising.campaigns.about")}
            </Text>
          </div>
          <SegmentedControl
            size="xs"
            value={span}
            onChange={(value) => setSpan(value as (typeof SPANS)[number])}
            data={SPANS.map((value) => ({
              value,
              label: t("advertising.campaigns.lastDays", { count: Number(value) }),
            }))}
            aria-label={t("advertising.campaigns.period")}
            data-testid="advertising-campaigns-period"
          />
        </Group>
        <QueryState
          query={campaigns}
          isEmpty={(data) => data.items.length === 0}
          empty={t("advertising.campaigns.empty")}
        >
          {(data) => <CampaignTable items={data.items} editable={editable} />}
        </QueryState>
      </Stack>
    </Paper>
  );
}

function CampaignTable({ items, editable }: { items: Campaign[]; editable: boolean }) {
  const { t, i18n } = useTranslation("settings");
  const lang = i18n.language;
  const { workspace } = useSession();
  const sources = useSources();
  const update = useUpdateCampaigns();
  const [drafts, setDrafts] = useState<Record<string, Draft>>({});
  const draftOf = (c: Campaign): Draft =>
    drafts[campaignKey(c)] ?? { sourceId: c.sourceId, utmCampaign: c.utmCampaign ?? "" };
  const set = (c: Campaign, change: Partial<Draft>) =>
    setDrafts((d) => ({ ...d, [campaignKey(c)]: { ...draftOf(c), ...change } }));
  const changes = items.flatMap((c) => {
    const item = campaignPatchItem(c, normalizeEdit(draftOf(c)));
    return item ? [item] : [];
  });
  const sourceOptions = (sources.data ?? []).map((s) => ({ value: s.id, label: s.name }));

  const save = () =>
    update.mutate(changes, {
      onSuccess: () => {
        setDrafts({});
        notifyDone(t("accounting.saved"));
      },
      onError: (err) => notifyError(err, t),
    });

  return (
    <Stack gap="sm">
      <Table.ScrollContainer minWidth={760}>
        <Table verticalSpacing={6} fz="sm" data-testid="advertising-campaigns-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("advertising.campaigns.platform")}</Table.Th>
              <Table.Th>{t("advertising.campaigns.name")}</Table.Th>
              <Table.Th ta="right">{t("advertising.campaigns.spend")}</Table.Th>
              <Table.Th ta="right">{t("advertising.campaigns.clicks")}</Table.Th>
              <Table.Th w={200}>{t("advertising.campaigns.source")}</Table.Th>
              <Table.Th w={200}>{t("advertising.campaigns.utmCampaign")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((c) => {
              const key = campaignKey(c);
              const draft = draftOf(c);
              return (
                <Table.Tr key={key} data-testid={`campaign-${key}`}>
                  <Table.Td>
                    <Text size="sm" style={{ whiteSpace: "nowrap" }}>
                      {t(`advertising.platforms.${c.platform}`)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{c.name}</Text>
                    <Text size="xs" c="dimmed">
                      {c.externalId}
                    </Text>
                  </Table.Td>
                  <Table.Td ta="right" style={{ whiteSpace: "nowrap" }} data-testid="campaign-spend">
                    {formatMoney(c.costMinor, workspace.currency, lang)}
                  </Table.Td>
                  <Table.Td ta="right">
                    {formatNumber(c.platform === "avito" ? c.contacts : c.clicks, lang)}
                  </Table.Td>
                  <Table.Td>
                    <Select
                      size="xs"
                      data={sourceOptions}
                      value={draft.sourceId}
                      placeholder={t("advertising.campaigns.noSource")}
                      clearable
                      disabled={!editable}
                      aria-label={t("advertising.campaigns.sourceFor", { name: c.name })}
                      data-testid="campaign-source"
                      onChange={(sourceId) => set(c, { sourceId })}
                    />
                  </Table.Td>
                  <Table.Td>
                    <TextInput
                      size="xs"
                      value={draft.utmCampaign}
                      placeholder={t("advertising.campaigns.noUtm")}
                      disabled={!editable}
                      aria-label={t("advertising.campaigns.utmFor", { name: c.name })}
                      data-testid="campaign-utm"
                      onChange={(e) => set(c, { utmCampaign: e.currentTarget.value })}
                    />
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Text size="xs" c="dimmed">
        {t("advertising.campaigns.hint")}
      </Text>
      {editable && (
        <Group>
          <Button
            leftSection={<IconDeviceFloppy size={16} />}
            disabled={changes.length === 0}
            loading={update.isPending}
            onClick={save}
            data-testid="advertising-campaigns-save"
          >
            {t("actions.save", { ns: "common" })}
          </Button>
          {changes.length > 0 && (
            <Button variant="subtle" color="gray" onClick={() => setDrafts({})}>
              {t("actions.cancel", { ns: "common" })}
            </Button>
          )}
        </Group>
      )}
    </Stack>
  );
}
