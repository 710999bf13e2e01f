// The workspace's own settings: name, time zone, currency, language, the unanswered-message threshold
// and who sees whose records.
import { z } from "zod";
import { patch } from "../../../lib/api.ts";
import { keys, type Me, type Role } from "../../../lib/session.ts";
import { required, tooLong } from "../logic/forms.ts";
import { useRefreshingMutation } from "./mutations.ts";

/** /api/me's active workspace. */
export type Workspace = NonNullable<Me["activeWorkspace"]>;
/** The server's default and bounds for `unansweredMinutes`: 5 minutes to a week. */
export const UNANSWERED_MINUTES = { default: 60, min: 5, max: 10_080 } as const;
export type Visibility = "own" | "team" | "all";
export const VISIBILITIES: Visibility[] = ["own", "team", "all"];
/** The roles whose visibility is a setting (owner and admin always see everything they may manage). */
export const VISIBILITY_ROLES = ["manager", "member"] as const satisfies Role[];

export const CURRENCIES = [
  "RUB",
  "KZT",
  "BYN",
  "UZS",
  "KGS",
  "AMD",
  "AZN",
  "GEL",
  "USD",
  "EUR",
  "CNY",
  "TRY",
];

export const workspaceSchema = z.object({
  name: z.string().trim().min(1, { error: required }).max(200, { error: tooLong }),
  timezone: z.string().min(1, { error: required }),
  currency: z.string().regex(/^[A-Z]{3}$/, { error: "validation.currency" }),
  locale: z.enum(["ru", "en"], { error: required }),
  unansweredMinutes: z
    .number({ error: "validation.unansweredMinutes" })
    .int({ error: "validation.unansweredMinutes" })
    .min(UNANSWERED_MINUTES.min, { error: "validation.unansweredMinutes" })
    .max(UNANSWERED_MINUTES.max, { error: "validation.unansweredMinutes" }),
});
export type WorkspaceValues = z.infer<typeof workspaceSchema>;

export interface WorkspacePatch extends Partial<WorkspaceValues> {
  visibility?: Partial<Record<Role, Visibility>>;
}

/** `PATCH /api/workspaces/:id`; /api/me carries the workspace, so it is refetched. */
export function useUpdateWorkspace(workspaceId: string) {
  return useRefreshingMutation(
    (body: WorkspacePatch) => patch<Workspace>(`/api/workspaces/${workspaceId}`, body),
    [keys.me],
  );
}

/** Every IANA time zone the browser knows, plus the current one if it does not. */
export function timeZones(current: string): string[] {
  const zones = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  return zones.includes(current) ? zones : [current, ...zones];
}
