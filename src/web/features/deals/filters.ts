// The kanban's filters as a person sets them (dates, roubles) and as the API reads them (instants, kopecks).
import { parseMoney } from "../../lib/format.ts";

export interface KanbanFilters {
  q: string;
  ownerId: string | null;
  sourceId: string | null;
  tagId: string | null;
  /** Calendar dates YYYY-MM-DD, inclusive. */
  createdFrom: string;
  createdTo: string;
  /** Amounts as typed ("1 500", "1500,50"). */
  amountMin: string;
  amountMax: string;
}

export const NO_FILTERS: KanbanFilters = {
  q: "",
  ownerId: null,
  sourceId: null,
  tagId: null,
  createdFrom: "",
  createdTo: "",
  amountMin: "",
  amountMax: "",
};

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The start (or the last millisecond) of a local calendar day, as an ISO instant. */
export function dayBoundary(date: string, end: boolean): string | undefined {
  const m = DATE.exec(date);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]) - 1, Number(m[3])];
  const at = end ? new Date(y, mo, d, 23, 59, 59, 999) : new Date(y, mo, d);
  return Number.isNaN(at.getTime()) ? undefined : at.toISOString();
}

/** The query parameters of `GET /api/pipelines/:id/kanban` for these filters (empty ones left out). */
export function kanbanParams(f: KanbanFilters): Record<string, string | number | undefined> {
  const min = f.amountMin.trim() ? parseMoney(f.amountMin) : null;
  const max = f.amountMax.trim() ? parseMoney(f.amountMax) : null;
  return {
    q: f.q.trim() || undefined,
    ownerId: f.ownerId ?? undefined,
    sourceId: f.sourceId ?? undefined,
    tagId: f.tagId ?? undefined,
    createdFrom: dayBoundary(f.createdFrom, false),
    createdTo: dayBoundary(f.createdTo, true),
    amountMin: min ?? undefined,
    amountMax: max ?? undefined,
  };
}

/** How many filters (besides the search) are set: the number on the filters button. */
export function activeFilterCount(f: KanbanFilters): number {
  return [f.ownerId, f.sourceId, f.tagId, f.createdFrom || f.createdTo, f.amountMin || f.amountMax].filter(
    Boolean,
  ).length;
}
