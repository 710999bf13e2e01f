// Accounting integrations (/api/accounting/*, src/server/integrations/accounting): MoySklad and 1C as the
// settings page reads them, sync runs as the log shows them, and the maps edited as rows.
import { ApiError } from "../../../lib/api.ts";

export type Direction = "import" | "export" | "both" | "off";
export const DIRECTIONS: Direction[] = ["import", "export", "both", "off"];
export const PRODUCT_DIRECTIONS = ["import", "off"] as const;
export type IntegrationStatus = "active" | "error" | "disconnected";
export type RunStatus = "running" | "succeeded" | "failed";

export interface RunProgress {
  phase: string;
  done: number;
  total: number | null;
}

export interface Run {
  id: string;
  kind: string;
  status: RunStatus;
  progress: RunProgress | null;
  counts: Record<string, number>;
  messages: string[];
  error: string | null;
  filename: string | null;
  startedAt: string;
  finishedAt: string | null;
}

interface Common {
  connected: true;
  id: string;
  status: IntegrationStatus;
  lastSyncAt: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
  running: Run | null;
}

export interface MoySkladSettings {
  directions: { counterparties: Direction; orders: Direction; products: "import" | "off" };
  pipelineId: string | null;
  stateMap: Record<string, string>;
  organizationId: string | null;
  storeId: string | null;
  createOrderOnWin: boolean;
}

export interface Named {
  id: string;
  name: string;
}

export interface MoySklad extends Common {
  account: { login?: string };
  settings: MoySkladSettings;
  remote: { states: (Named & { color?: number })[]; organizations: Named[]; stores: Named[] };
  webhooks: boolean;
}

export interface OneCSettings {
  pipelineId: string | null;
  exportStageIds: string[];
  encoding: "utf-8" | "windows-1251";
  statusMap: Record<string, string>;
  paidStageId: string | null;
  importProducts: boolean;
  importCounterparties: boolean;
}

export interface OneC extends Common {
  account: { login: string };
  exchangeUrl: string;
  settings: OneCSettings;
}

export type Status<T> = { connected: false } | T;

/** What 1C needs, shown once: the exchange URL, the login and the new password. */
export type OneCCreated = OneC & { password: string };

export type ConnectMode = "token" | "password";
export interface MoySkladConnectValues {
  mode: ConnectMode;
  token: string;
  login: string;
  password: string;
}

export const emptyConnectForm = (): MoySkladConnectValues => ({
  mode: "token",
  token: "",
  login: "",
  password: "",
});

/** The POST body: a token, or a login and password, never both. */
export const toConnectBody = (values: MoySkladConnectValues) =>
  values.mode === "token"
    ? { token: values.token.trim() }
    : { login: values.login.trim(), password: values.password };

/** The form's own checks (the API's limits), as i18n keys of the settings namespace. */
export function connectErrors(
  values: MoySkladConnectValues,
): Partial<Record<keyof MoySkladConnectValues, string>> {
  if (values.mode === "token") {
    const token = values.token.trim();
    if (!token) return { token: "validation.required" };
    return token.length < 10 ? { token: "accounting.moysklad.validation.token" } : {};
  }
  const errors: Partial<Record<keyof MoySkladConnectValues, string>> = {};
  if (values.login.trim().length < 3) errors.login = "accounting.moysklad.validation.login";
  if (!values.password) errors.password = "validation.required";
  return errors;
}

/**
 * MoySklad's refusal (a 422 whose details carry its message on `body`) as the text to show under the
 * form; null for any other error, which is shown the usual way.
 */
export function providerRefusal(err: unknown): string | null {
  if (!(err instanceof ApiError) || err.status !== 422) return null;
  return err.fields.body ?? err.message;
}

/** A run's progress as a percentage, or null while the total is unknown (an indeterminate bar). */
export function progressPercent(progress: RunProgress | null): number | null {
  if (!progress || progress.total === null) return null;
  if (progress.total <= 0) return 100;
  return Math.min(100, Math.round((progress.done / progress.total) * 100));
}

const PHASES = ["product", "counterparty", "customerorder"];
/** The i18n key of a sync phase; null for others (a 1C file name), shown as they are. */
export const phaseKey = (phase: string) => (PHASES.includes(phase) ? `accounting.phases.${phase}` : null);

const KINDS = ["sync", "webhook", "export", "resend", "catalog", "sale"];
export const kindKey = (kind: string) => (KINDS.includes(kind) ? `accounting.kinds.${kind}` : null);

const RUN_COLORS: Record<RunStatus, string> = { running: "blue", succeeded: "teal", failed: "red" };
export const runBadge = (status: RunStatus) => ({
  label: `accounting.runStatus.${status}`,
  color: RUN_COLORS[status],
});

const STATUS_COLORS: Record<IntegrationStatus, string> = {
  active: "teal",
  error: "red",
  disconnected: "gray",
};
export const statusBadge = (status: IntegrationStatus) => ({
  label: `accounting.status.${status}`,
  color: STATUS_COLORS[status],
});

const COUNT_ORDER = ["created", "updated", "deleted", "skipped", "conflicts", "failed"];
/** A run's non-zero counts, the usual ones first in a fixed order, then any others by name. */
export function countEntries(counts: Record<string, number>): [string, number][] {
  const rank = (k: string) => {
    const i = COUNT_ORDER.indexOf(k);
    return i === -1 ? COUNT_ORDER.length : i;
  };
  return Object.entries(counts)
    .filter(([, n]) => n > 0)
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
}

export const isCountKnown = (key: string) => COUNT_ORDER.includes(key);

/** MoySklad's state colour (an RGB integer) as CSS. */
export const stateColor = (color: number | undefined) =>
  color === undefined ? undefined : `#${(color & 0xffffff).toString(16).padStart(6, "0")}`;

/** A map without the entries whose stage is not among `stageIds` (after another pipeline is chosen). */
export function keepStages(map: Record<string, string>, stageIds: string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(map).filter(([, stageId]) => stageIds.includes(stageId)));
}

/** One state's stage set (or cleared with null), the rest of the map unchanged. */
export function withState(map: Record<string, string>, key: string, stageId: string | null) {
  const { [key]: _old, ...rest } = map;
  return stageId ? { ...rest, [key]: stageId } : rest;
}

export interface StatusRow {
  status: string;
  stageId: string | null;
}

/** 1C's status map as editable rows, in the map's order. */
export const statusRows = (map: Record<string, string>): StatusRow[] =>
  Object.entries(map).map(([status, stageId]) => ({ status, stageId }));

/** The rows as the map the API takes: trimmed, rows without a status or stage left out, the last one wins. */
export function statusMapOf(rows: StatusRow[]): Record<string, string> {
  const map: Record<string, string> = {};
  for (const row of rows) {
    const status = row.status.trim();
    if (status && row.stageId) map[status] = row.stageId;
  }
  return map;
}

/** The statuses typed more than once (after trimming): the form marks them. */
export function duplicateStatuses(rows: StatusRow[]): Set<string> {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const row of rows) {
    const status = row.status.trim();
    if (!status) continue;
    if (seen.has(status)) twice.add(status);
    seen.add(status);
  }
  return twice;
}

/** The 1C settings a pipeline change keeps: only stages of the new pipeline. */
export function oneCForPipeline(settings: OneCSettings, pipelineId: string | null, stageIds: string[]) {
  return {
    pipelineId,
    exportStageIds: settings.exportStageIds.filter((id) => stageIds.includes(id)),
    statusMap: keepStages(settings.statusMap, stageIds),
    paidStageId:
      settings.paidStageId && stageIds.includes(settings.paidStageId) ? settings.paidStageId : null,
  };
}

/** The pipeline an integration works in: the chosen one, else the workspace's default. */
export function pipelineIn<P extends { id: string; isDefault: boolean }>(
  pipelines: P[],
  pipelineId: string | null,
): P | undefined {
  return pipelines.find((p) => p.id === pipelineId) ?? pipelines.find((p) => p.isDefault) ?? pipelines[0];
}
