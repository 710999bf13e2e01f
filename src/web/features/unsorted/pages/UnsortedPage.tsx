// The unsorted inbox: leads the channels brought in and nobody has taken yet, newest first, with the
// counts per channel and source; accept, decline or link each. A second tab keeps the resolved ones.
import { SegmentedControl, Stack, Tabs } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { PageHeader } from "../../../components/PageHeader.tsx";
import { useLiveEvents } from "../../../lib/live.ts";
import { CHANNELS, type Channel, type Lead, type LeadStatus, refreshUnsorted } from "../api/unsorted.ts";
import { AcceptDialog } from "../components/AcceptDialog.tsx";
import { CountsBar } from "../components/CountsBar.tsx";
import { DeclineDialog } from "../components/DeclineDialog.tsx";
import { LeadList } from "../components/LeadList.tsx";
import { LinkDialog } from "../components/LinkDialog.tsx";

const HISTORY: LeadStatus[] = ["accepted", "declined", "linked"];
const isChannel = (v: string | null): v is Channel => CHANNELS.includes(v as Channel);

export default function UnsortedPage() {
  const { t } = useTranslation("unsorted");
  const client = useQueryClient();
  const [params, setParams] = useSearchParams();
  const tab = params.get("tab") === "history" ? "history" : "pending";
  const historyParam = params.get("status") as LeadStatus | null;
  const historyStatus: LeadStatus =
    historyParam && HISTORY.includes(historyParam) ? historyParam : "accepted";
  const channelParam = params.get("channel");
  const channel = isChannel(channelParam) ? channelParam : undefined;
  const sourceId = params.get("source") ?? undefined;
  const [accepting, setAccepting] = useState<Lead | null>(null);
  const [declining, setDeclining] = useState<Lead | null>(null);
  const [linking, setLinking] = useState<Lead | null>(null);

  useLiveEvents(["lead."], () => void refreshUnsorted(client));

  const setParam = (key: string, value: string | undefined) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );
  const actions = { onAccept: setAccepting, onDecline: setDeclining, onLink: setLinking };

  return (
    <Stack gap="md">
      <PageHeader title={t("title")} />
      <CountsBar
        channel={channel}
        sourceId={sourceId}
        onChannel={(c) => setParam("channel", c)}
        onSource={(s) => setParam("source", s)}
      />
      <Tabs
        value={tab}
        onChange={(v) => setParam("tab", v === "history" ? "history" : undefined)}
        keepMounted={false}
      >
        <Tabs.List>
          <Tabs.Tab value="pending" data-testid="unsorted-tab-pending">
            {t("tabs.pending")}
          </Tabs.Tab>
          <Tabs.Tab value="history" data-testid="unsorted-tab-history">
            {t("tabs.history")}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="pending" pt="md">
          <LeadList filter={{ status: "pending", channel, sourceId }} {...actions} />
        </Tabs.Panel>
        <Tabs.Panel value="history" pt="md">
          <Stack gap="sm">
            <SegmentedControl
              value={historyStatus}
              onChange={(v) => setParam("status", v)}
              data={HISTORY.map((s) => ({ value: s, label: t(`tabs.statuses.${s}`) }))}
              aria-label={t("tabs.historyFilter")}
              data-testid="unsorted-history-status"
              style={{ alignSelf: "flex-start" }}
            />
            <LeadList filter={{ status: historyStatus, channel, sourceId }} {...actions} />
          </Stack>
        </Tabs.Panel>
      </Tabs>
      <AcceptDialog lead={accepting} onClose={() => setAccepting(null)} />
      <DeclineDialog lead={declining} onClose={() => setDeclining(null)} />
      <LinkDialog lead={linking} onClose={() => setLinking(null)} />
    </Stack>
  );
}
