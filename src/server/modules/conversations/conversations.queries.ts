// SQL of the inbox: which conversations an actor sees, the list with what each row shows, one thread.
import { and, eq, isNull, or, type SQL, sql } from "drizzle-orm";
import type { Executor } from "../../db/client.ts";
import {
  contacts,
  conversations,
  deals,
  messages,
  messagingIntegrations,
  workspaces,
} from "../../db/schema/index.ts";
import { keyset, page } from "../../platform/pagination.ts";
import type { Actor } from "../../platform/policy.ts";
import { inWorkspace, visibleTo } from "../../platform/scope.ts";
import type { ConversationListQuery, ConversationView, MessageListQuery } from "./conversations.schemas.ts";

/**
 * A conversation is visible when the role sees `all`; or it is assigned to the person; or its contact
 * or its deal is visible to them (records without an owner are everyone's); or it is linked to nothing
 * and assigned to no one (a new chat must never be invisible to everybody).
 */
export function conversationVisibleTo(actor: Actor): SQL {
  const workspace = inWorkspace(actor, conversations);
  if (actor.visibility === "all") return workspace;
  const contactVisible = sql`exists (select 1 from ${contacts} where ${visibleTo(actor, contacts)}
    and ${contacts.id} = ${conversations.contactId})`;
  const dealVisible = sql`exists (select 1 from ${deals} where ${visibleTo(actor, deals)}
    and ${deals.id} = ${conversations.dealId})`;
  const orphan = and(
    isNull(conversations.contactId),
    isNull(conversations.dealId),
    isNull(conversations.assigneeId),
  );
  const mine = actor.personId ? eq(conversations.assigneeId, actor.personId) : undefined;
  return and(workspace, or(mine, contactVisible, dealVisible, orphan)) as SQL;
}

const unanswered = sql<boolean>`(${conversations.lastInboundAt} is not null and (${conversations.lastOutboundAt} is null or ${conversations.lastInboundAt} > ${conversations.lastOutboundAt}))`;

/** Seconds from the client's first message to our first reply (numeric, as text); null until answered. */
export const firstResponseSeconds = sql<
  string | null
>`extract(epoch from ${conversations.firstResponseAt} - ${conversations.firstInboundAt})`;

/**
 * Unanswered for longer than the workspace's setting (the query must join `workspaces`). Exported for the
 * dashboard's overdue count, so the inbox filter and the figure can never disagree.
 */
export const overdue = sql<boolean>`(${unanswered} and ${conversations.lastInboundAt} < now() - make_interval(mins => ${workspaces.unansweredMinutes}))`;
// Conversations without any message yet sort by their creation time, so the keyset never meets a null.
const activity = sql`coalesce(${conversations.lastMessageAt}, ${conversations.createdAt})`;
const contactName = sql<
  string | null
>`nullif(concat_ws(' ', ${contacts.firstName}, ${contacts.middleName}, ${contacts.lastName}), '')`;

function filters(actor: Actor, q: ConversationListQuery): (SQL | undefined)[] {
  const waitingSince = q.unansweredMinutes
    ? sql`${conversations.lastInboundAt} < now() - make_interval(mins => ${q.unansweredMinutes})`
    : undefined;
  return [
    q.unread ? sql`${conversations.unreadCount} > 0` : undefined,
    q.unread === false ? eq(conversations.unreadCount, 0) : undefined,
    q.mine ? (actor.personId ? eq(conversations.assigneeId, actor.personId) : sql`false`) : undefined,
    q.unanswered || q.unansweredMinutes ? unanswered : undefined,
    q.unanswered === false ? sql`not ${unanswered}` : undefined,
    q.overdue ? overdue : undefined,
    q.overdue === false ? sql`not ${overdue}` : undefined,
    waitingSince,
    q.channel ? eq(messagingIntegrations.platform, q.channel) : undefined,
    q.integrationId ? eq(conversations.integrationId, q.integrationId) : undefined,
    q.contactId ? eq(conversations.contactId, q.contactId) : undefined,
    q.dealId ? eq(conversations.dealId, q.dealId) : undefined,
  ];
}

/** The inbox page, or one conversation when `id` is given; newest activity first by default. */
export async function selectConversations(
  executor: Executor,
  actor: Actor,
  q: ConversationListQuery,
  id?: string,
) {
  const { where, orderBy, sortValue } = keyset(
    { expr: activity, cast: "timestamptz" },
    conversations.id,
    q.order,
    q.cursor,
  );
  const last = sql<LastMessage | null>`(select json_build_object('text', left(m.text, 200),
    'direction', m.direction, 'status', m.status, 'createdAt', m.created_at)
    from ${messages} m where m.workspace_id = ${conversations.workspaceId}
    and m.conversation_id = ${conversations.id} order by m.created_at desc, m.id desc limit 1)`;
  const rows = await executor
    .select({
      conversation: conversations,
      channel: messagingIntegrations.platform,
      integrationName: messagingIntegrations.name,
      contactName,
      dealTitle: deals.title,
      unanswered,
      overdue,
      firstResponseSeconds,
      last,
      sortValue,
    })
    .from(conversations)
    .innerJoin(
      messagingIntegrations,
      and(
        eq(messagingIntegrations.workspaceId, conversations.workspaceId),
        eq(messagingIntegrations.id, conversations.integrationId),
      ),
    )
    .innerJoin(workspaces, eq(workspaces.id, conversations.workspaceId))
    .leftJoin(
      contacts,
      and(eq(contacts.workspaceId, conversations.workspaceId), eq(contacts.id, conversations.contactId)),
    )
    .leftJoin(
      deals,
      and(eq(deals.workspaceId, conversations.workspaceId), eq(deals.id, conversations.dealId)),
    )
    .where(
      and(
        conversationVisibleTo(actor),
        id ? eq(conversations.id, id) : where,
        ...(id ? [] : filters(actor, q)),
      ),
    )
    .orderBy(...orderBy)
    .limit(q.limit + 1);
  return page(
    rows.map((r) => ({ id: r.conversation.id, sortValue: r.sortValue, view: toView(r) })),
    q.limit,
  );
}

type Row = {
  conversation: typeof conversations.$inferSelect;
  channel: ConversationView["channel"];
  integrationName: string;
  contactName: string | null;
  dealTitle: string | null;
  unanswered: boolean;
  overdue: boolean;
  firstResponseSeconds: string | null;
  last: LastMessage | null;
};
type LastMessage = {
  text: string | null;
  direction: "inbound" | "outbound";
  status: string;
  createdAt: string;
};

function toView(r: Row): ConversationView {
  const { workspaceId: _w, ...c } = r.conversation;
  return {
    ...c,
    channel: r.channel,
    integrationName: r.integrationName,
    contactName: r.contactName,
    dealTitle: r.dealTitle,
    unanswered: r.unanswered,
    waitingSince: r.unanswered ? c.lastInboundAt : null,
    overdue: r.overdue,
    firstResponseSeconds: r.firstResponseSeconds === null ? null : Math.round(Number(r.firstResponseSeconds)),
    lastMessage: r.last ? { ...r.last, createdAt: new Date(r.last.createdAt) } : null,
  };
}

/** One page of a conversation's messages (the caller has checked the conversation is visible). */
export async function selectMessages(
  executor: Executor,
  actor: Actor,
  conversationId: string,
  q: MessageListQuery,
) {
  const { where, orderBy, sortValue } = keyset(
    { expr: messages.createdAt, cast: "timestamptz" },
    messages.id,
    q.order,
    q.cursor,
  );
  const rows = await executor
    .select({ message: messages, sortValue })
    .from(messages)
    .where(and(inWorkspace(actor, messages), eq(messages.conversationId, conversationId), where))
    .orderBy(...orderBy)
    .limit(q.limit + 1);
  const { items, nextCursor } = page(
    rows.map((r) => ({ id: r.message.id, sortValue: r.sortValue, message: r.message })),
    q.limit,
  );
  return { items: items.map((i) => i.message), nextCursor };
}
