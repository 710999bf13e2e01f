// The shapes the deals pages read from the API (dates arrive as ISO strings).
import type { Stage } from "../../../lib/session.ts";

export type DealStatus = "open" | "won" | "lost";

export interface Deal {
  id: string;
  title: string;
  amountMinor: number;
  currency: string;
  pipelineId: string;
  stageId: string;
  status: DealStatus;
  lossReasonId: string | null;
  sourceId: string | null;
  utmSource: string | null;
  utmMedium: string | null;
  utmCampaign: string | null;
  utmContent: string | null;
  utmTerm: string | null;
  yclid: string | null;
  companyId: string | null;
  ownerId: string | null;
  expectedCloseDate: string | null;
  closedAt: string | null;
  position: number;
  stageEnteredAt: string;
  customFields: Record<string, unknown>;
  contactIds: string[];
  tagIds: string[];
  createdBy: string | null;
  updatedBy: string | null;
  createdAt: string;
  updatedAt: string;
}

/** The part of a deal a kanban card needs (and an optimistic update changes). */
export type BoardDeal = Pick<
  Deal,
  "id" | "title" | "amountMinor" | "currency" | "stageId" | "status" | "ownerId" | "tagIds" | "contactIds"
> &
  Partial<Deal>;

export interface KanbanColumn {
  stage: Stage;
  count: number;
  /** Sums per currency, in minor units. */
  sums: Record<string, number>;
  deals: BoardDeal[];
  nextCursor: string | null;
}

export interface KanbanBoard {
  pipeline: { id: string; name: string; isDefault: boolean; position: number };
  columns: KanbanColumn[];
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface TimelineEvent {
  id: string;
  recordType: "contact" | "company" | "deal";
  recordId: string;
  kind: string;
  actorUserId: string | null;
  actorApiKeyId: string | null;
  data: Record<string, unknown>;
  occurredAt: string;
}

export interface Note {
  id: string;
  body: string;
  contactId: string | null;
  companyId: string | null;
  dealId: string | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Task {
  id: string;
  title: string;
  description: string | null;
  dueAt: string | null;
  assigneeId: string | null;
  contactId: string | null;
  companyId: string | null;
  dealId: string | null;
  doneAt: string | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ContactSummary {
  id: string;
  firstName: string | null;
  lastName: string | null;
  middleName: string | null;
  phones: { number: string; type: string }[];
  emails: { email: string; type: string }[];
}

export interface CompanySummary {
  id: string;
  name: string;
  inn: string | null;
}

/** One stay of a deal in a stage. */
export interface StageStay {
  stageId: string;
  pipelineId: string | null;
  /** The names when the server gives them (they outlive a deleted stage as null). */
  stageName?: string | null;
  pipelineName?: string | null;
  enteredAt: string;
  leftAt: string | null;
  /** Who moved the deal there: the user's id, and the name when the server gives it. */
  movedBy: string | null;
  movedByName?: string | null;
}
