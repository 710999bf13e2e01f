// A deal's card: its fields, client, tasks, notes, stage history and timeline, refreshed live.
import { Grid, Stack } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo, useState } from "react";
import { useParams } from "react-router";
import { QueryState } from "../../../components/QueryState.tsx";
import { useLiveEvents } from "../../../lib/live.ts";
import { useCustomFields } from "../../../lib/session.ts";
import { useDealTasks, useNotes, useTimeline } from "../api/activity.ts";
import { useDeal } from "../api/deal.ts";
import { dealKeys } from "../api/keys.ts";
import type { Deal } from "../api/types.ts";
import { Conversation } from "../components/Conversation.tsx";
import { DealForm } from "../components/DealForm.tsx";
import { DealHeader } from "../components/DealHeader.tsx";
import { DealItems } from "../components/DealItems.tsx";
import { DealLinks } from "../components/DealLinks.tsx";
import { DealNotes } from "../components/DealNotes.tsx";
import { DealTasks } from "../components/DealTasks.tsx";
import { DealTimeline } from "../components/DealTimeline.tsx";
import { StageHistory } from "../components/StageHistory.tsx";
import { useDescribe } from "../hooks/useDescribe.ts";

/** The timeline is written by a background job just after a change: poll it briefly after one. */
const CATCH_UP_MS = 15_000;
const RECENT_MS = 60_000;

function DealView({ deal }: { deal: Deal }) {
  const client = useQueryClient();
  const customFields = useCustomFields();
  const fields = useMemo(
    () =>
      (customFields.data ?? []).filter((f) => f.entity === "deal").sort((a, b) => a.position - b.position),
    [customFields.data],
  );
  const [pollUntil, setPollUntil] = useState(() =>
    Date.now() - new Date(deal.updatedAt).getTime() < RECENT_MS ? Date.now() + CATCH_UP_MS : 0,
  );
  const catchUp = useCallback(() => setPollUntil(Date.now() + CATCH_UP_MS), []);
  const timeline = useTimeline(deal.id, pollUntil);
  const notes = useNotes(deal.id);
  const tasks = useDealTasks(deal.id);
  const describe = useDescribe(deal, notes.data?.items, tasks.data?.items);

  // A change made elsewhere (another tab, a colleague, an integration) shows up here without a reload.
  useLiveEvents(["deal.", "note.", "task."], (event) => {
    if (event.topic.startsWith("deal.") && event.recordId !== deal.id) return;
    if (event.topic.startsWith("deal.")) void client.invalidateQueries({ queryKey: dealKeys.deal(deal.id) });
    void client.invalidateQueries({ queryKey: dealKeys.about(deal.id) });
    catchUp();
  });

  // Each new version of the deal (saved here or elsewhere) brings a timeline entry shortly after.
  useEffect(() => {
    if (Date.now() - new Date(deal.updatedAt).getTime() < RECENT_MS) catchUp();
  }, [deal.updatedAt, catchUp]);

  return (
    <Stack gap="md">
      <DealHeader deal={deal} onChanged={catchUp} />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 7, lg: 8 }}>
          <Stack gap="md">
            <DealForm deal={deal} fields={fields} onSaved={catchUp} />
            <DealItems deal={deal} />
            <Conversation />
            <DealNotes dealId={deal.id} onChanged={catchUp} />
            <DealTimeline timeline={timeline} describe={describe} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5, lg: 4 }}>
          <Stack gap="md">
            <DealLinks deal={deal} onChanged={catchUp} />
            <DealTasks dealId={deal.id} onChanged={catchUp} />
            <StageHistory deal={deal} timelineEvents={timeline.data?.pages.flatMap((p) => p.items) ?? []} />
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

export default function DealPage() {
  const { id = "" } = useParams();
  const deal = useDeal(id);
  return <QueryState query={deal}>{(data) => <DealView key={data.id} deal={data} />}</QueryState>;
}
