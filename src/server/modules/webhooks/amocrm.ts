// The `amocrm` format: the form-encoded body amoCRM's own webhooks send, so a receiver written for
// amoCRM (`$_POST['leads']['status'][0]['id']`) keeps working. Only deals (amoCRM "leads"), contacts
// and companies exist there; other topics are not sent to such subscriptions.

type Row = Record<string, unknown>;

/** The amoCRM action of a topic, or null when amoCRM has no such webhook. */
const ACTIONS: Record<string, [entity: "leads" | "contacts", action: string]> = {
  "deal.created": ["leads", "add"],
  "deal.updated": ["leads", "update"],
  // deal.won / deal.lost come with a deal.stage_changed for the same move: one `status` is enough.
  "deal.stage_changed": ["leads", "status"],
  "deal.deleted": ["leads", "delete"],
  "contact.created": ["contacts", "add"],
  "contact.updated": ["contacts", "update"],
  "contact.deleted": ["contacts", "delete"],
  "company.created": ["contacts", "add"],
  "company.updated": ["contacts", "update"],
  "company.deleted": ["contacts", "delete"],
};

/** Whether an amocrm subscription gets this topic at all. */
export const amocrmSupports = (topic: string) => topic in ACTIONS;

const unix = (value: unknown) =>
  value instanceof Date || typeof value === "string" ? Math.floor(new Date(value).getTime() / 1000) : "";

const text = (value: unknown) => (value === null || value === undefined ? "" : String(value));

/**
 * The form body for `topic`, or null when amoCRM has no such webhook. `record` is the deal, contact or
 * company as it is now (the event's own copy when it carries one); `payload` is the outbox payload.
 */
export function amocrmBody(
  topic: string,
  payload: Row,
  record: Row | null,
  workspaceId: string,
): string | null {
  const action = ACTIONS[topic];
  if (!action) return null;
  const [entity, verb] = action;
  const r: Row = record ?? { id: payload.id };
  const fields: [string, unknown][] = [["id", r.id ?? payload.id]];
  if (entity === "leads") {
    const to = payload.to as Row | undefined;
    const from = payload.from as Row | null | undefined;
    fields.push(
      ["name", text(r.title)],
      ["status_id", text(to?.stageId ?? r.stageId)],
      ["pipeline_id", text(to?.pipelineId ?? r.pipelineId)],
    );
    if (verb === "status" && from) {
      fields.push(["old_status_id", text(from.stageId)], ["old_pipeline_id", text(from.pipelineId)]);
    }
    // amoCRM's price is in whole currency units; ours are minor units (kopecks).
    const minor = typeof r.amountMinor === "number" ? r.amountMinor : null;
    fields.push(["price", minor === null ? "" : String(minor / 100)]);
  } else {
    const company = topic.startsWith("company.");
    const name = company
      ? text(r.name)
      : [r.firstName, r.middleName, r.lastName].filter((p) => typeof p === "string" && p).join(" ");
    fields.push(["name", name], ["type", company ? "company" : "contact"]);
  }
  fields.push(
    ["responsible_user_id", text(r.ownerId)],
    ["created_user_id", text(r.createdBy)],
    ["modified_user_id", text(r.updatedBy)],
    ["date_create", unix(r.createdAt)],
    ["last_modified", unix(r.updatedAt)],
    ["account_id", workspaceId],
  );
  const form = new URLSearchParams();
  for (const [key, value] of fields) form.append(`${entity}[${verb}][0][${key}]`, text(value));
  form.append("account[id]", workspaceId);
  return form.toString();
}
