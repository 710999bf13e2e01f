// Query keys of the deals feature; everything lives under "deals" so one invalidation refreshes it all.
export const dealKeys = {
  all: ["deals"] as const,
  kanbanAll: ["deals", "kanban"] as const,
  kanban: (pipelineId: string, params: Record<string, unknown>) =>
    ["deals", "kanban", pipelineId, params] as const,
  deal: (id: string) => ["deals", "one", id] as const,
  /** Everything shown on one deal's page (timeline, notes, tasks, stage history, linked records). */
  about: (id: string) => ["deals", "about", id] as const,
  timeline: (id: string) => ["deals", "about", id, "timeline"] as const,
  notes: (id: string) => ["deals", "about", id, "notes"] as const,
  tasks: (id: string) => ["deals", "about", id, "tasks"] as const,
  stageHistory: (id: string) => ["deals", "about", id, "stage-history"] as const,
  contact: (id: string) => ["deals", "contact", id] as const,
  company: (id: string) => ["deals", "company", id] as const,
  search: (what: string, q: string) => ["deals", "search", what, q] as const,
};
