// The state of a record list (search, filters, sort) as the page's URL holds it, and as the API takes it:
// the list, the bulk endpoint (filter) and the export link all read the same query, so they agree.

export type SortOrder = "asc" | "desc";

export interface ListState {
  q: string;
  /** Filter name → value: ownerId, tagId, …, `createdFrom`/`createdTo` as YYYY-MM-DD, `cf.<key>`. */
  filters: Record<string, string>;
  sort: string;
  order: SortOrder;
}

export interface ListSpec {
  /** The filters this list takes (besides `cf.<key>`). */
  filters: readonly string[];
  /** The fixed sort keys the API accepts (besides `cf.<key>`). */
  sorts: readonly string[];
  defaultSort: string;
  defaultOrder: SortOrder;
}

const CF_KEY = /^cf\.[a-z0-9_]{1,64}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** Date filters: the URL and the form hold a calendar day, the API an instant. */
const DATE_FILTER = /^(created|updated|closed)(From|To)$/;

export const emptyList = (spec: ListSpec): ListState => ({
  q: "",
  filters: {},
  sort: spec.defaultSort,
  order: spec.defaultOrder,
});

const isSort = (spec: ListSpec, sort: string) => spec.sorts.includes(sort) || CF_KEY.test(sort);
const isFilter = (spec: ListSpec, key: string) => spec.filters.includes(key) || CF_KEY.test(key);

/** Reads the list state from the page's search params, ignoring anything the list does not take. */
export function readListState(params: URLSearchParams, spec: ListSpec): ListState {
  const state = emptyList(spec);
  for (const [key, value] of params) {
    if (key === "q") state.q = value;
    else if (key === "sort" && isSort(spec, value)) state.sort = value;
    else if (key === "order" && (value === "asc" || value === "desc")) state.order = value;
    else if (value !== "" && isFilter(spec, key) && (!DATE_FILTER.test(key) || DAY.test(value)))
      state.filters[key] = value;
  }
  return state;
}

/** The search params for a list state; defaults are left out so a plain list has a plain URL. */
export function writeListState(state: ListState, spec: ListSpec): URLSearchParams {
  const params = new URLSearchParams();
  if (state.q.trim()) params.set("q", state.q);
  for (const [key, value] of Object.entries(state.filters)) if (value !== "") params.set(key, value);
  if (state.sort !== spec.defaultSort) params.set("sort", state.sort);
  if (state.order !== spec.defaultOrder) params.set("order", state.order);
  return params;
}

/** A calendar day (YYYY-MM-DD) as the instant it starts in the browser's time zone. */
export function dayStart(day: string): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return new Date(y, m - 1, d).toISOString();
}

/** The instant after a calendar day ends (the API's `…To` bounds are exclusive). */
export function dayAfter(day: string): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return new Date(y, m - 1, d + 1).toISOString();
}

/** The filters as the API takes them (the bulk endpoint's `filter`, too). */
export function apiFilters(state: ListState): Record<string, string> {
  const out: Record<string, string> = {};
  const q = state.q.trim();
  if (q) out.q = q;
  for (const [key, value] of Object.entries(state.filters)) {
    if (value === "") continue;
    const date = key.match(DATE_FILTER);
    if (date) {
      if (DAY.test(value)) out[key] = date[2] === "From" ? dayStart(value) : dayAfter(value);
    } else out[key] = value;
  }
  return out;
}

/** The list endpoint's query: filters plus sort and order. */
export function apiQuery(state: ListState): Record<string, string> {
  return { ...apiFilters(state), sort: state.sort, order: state.order };
}

/** The export download link for the list as it is filtered and sorted now. */
export function exportHref(path: string, state: ListState, format: "csv" | "xlsx"): string {
  return `${path}?${new URLSearchParams({ ...apiQuery(state), format })}`;
}

/** Ascending first for names and custom fields (A→Я), newest first for dates. */
const firstOrder = (sort: string): SortOrder => (sort.endsWith("At") ? "desc" : "asc");

/** Clicking a column header: the same column flips the order, another one sorts by it. */
export function nextSort(state: ListState, sort: string): ListState {
  if (state.sort === sort) return { ...state, order: state.order === "asc" ? "desc" : "asc" };
  return { ...state, sort, order: firstOrder(sort) };
}

/** Sets (or, with null or "", removes) one filter. */
export function withFilter(state: ListState, key: string, value: string | null): ListState {
  const filters = { ...state.filters };
  if (value === null || value === "") delete filters[key];
  else filters[key] = value;
  return { ...state, filters };
}

/** How many filters are set (the search text not counted). */
export const filterCount = (state: ListState) => Object.keys(state.filters).length;
