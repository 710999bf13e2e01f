// The names and formats a timeline needs (stages, members, sources, loss reasons, notes, tasks) in one
// object, for the pure describers in timeline.ts.
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { formatDate, formatDateTime, formatMoney } from "../../../lib/format.ts";
import {
  useCustomFields,
  useLossReasons,
  useMembers,
  usePipelines,
  useSources,
} from "../../../lib/session.ts";
import type { Deal, Note, Task } from "../api/types.ts";
import type { Describe } from "../timeline.ts";

export function useDescribe(deal: Deal, notes: Note[] = [], tasks: Task[] = []): Describe {
  const { t, i18n } = useTranslation("deals");
  const pipelines = usePipelines();
  const members = useMembers();
  const sources = useSources();
  const reasons = useLossReasons();
  const customFields = useCustomFields();
  const lang = i18n.language;
  return useMemo(() => {
    const stages = new Map((pipelines.data ?? []).flatMap((p) => p.stages).map((s) => [s.id, s.name]));
    const pipelineNames = new Map((pipelines.data ?? []).map((p) => [p.id, p.name]));
    const memberNames = new Map((members.data ?? []).map((m) => [m.userId, m.name || m.email]));
    const sourceNames = new Map((sources.data ?? []).map((s) => [s.id, s.name]));
    const reasonNames = new Map((reasons.data ?? []).map((r) => [r.id, r.name]));
    const noteBodies = new Map(notes.map((n) => [n.id, n.body]));
    const taskTitles = new Map(tasks.map((x) => [x.id, x.title]));
    return {
      tr: (key: string) => t(key),
      money: (minor: number, currency: string) => formatMoney(minor, currency, lang),
      date: (value: string) => formatDate(value, lang),
      dateTime: (value: string) => formatDateTime(value, lang),
      stage: (id: string) => stages.get(id),
      pipeline: (id: string) => pipelineNames.get(id),
      member: (id: string) => memberNames.get(id),
      source: (id: string) => sourceNames.get(id),
      lossReason: (id: string) => reasonNames.get(id),
      customFields: (customFields.data ?? []).filter((f) => f.entity === "deal"),
      note: (id: string) => noteBodies.get(id),
      task: (id: string) => taskTitles.get(id),
      currency: deal.currency,
    };
  }, [
    t,
    lang,
    pipelines.data,
    members.data,
    sources.data,
    reasons.data,
    customFields.data,
    notes,
    tasks,
    deal.currency,
  ]);
}
