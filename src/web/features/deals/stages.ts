// A deal's stays in stages: from the stage-history endpoint, or read from the timeline's stage changes.
import type { StageStay, TimelineEvent } from "./api/types.ts";

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown) => (typeof v === "string" ? v : undefined);

/**
 * The deal's stays in stages read from its stage changes in the timeline (oldest first), for when the
 * server has no stage-history endpoint.
 */
export function staysFromTimeline(
  events: TimelineEvent[],
  deal: { stageId: string; pipelineId: string; createdAt: string },
): StageStay[] {
  const moves = events
    .filter((e) => e.kind === "stage_changed")
    .sort((a, b) => a.occurredAt.localeCompare(b.occurredAt) || Number(a.id) - Number(b.id));
  const side = (e: TimelineEvent, key: "from" | "to") => {
    const s = e.data[key];
    return isObject(s) ? { stageId: str(s.stageId), pipelineId: str(s.pipelineId) ?? null } : null;
  };
  const first = moves[0];
  if (!first) {
    return [
      {
        stageId: deal.stageId,
        pipelineId: deal.pipelineId,
        enteredAt: deal.createdAt,
        leftAt: null,
        movedBy: null,
      },
    ];
  }
  const origin = side(first, "from");
  const stays: StageStay[] = [];
  if (origin?.stageId) {
    stays.push({
      stageId: origin.stageId,
      pipelineId: origin.pipelineId,
      enteredAt: deal.createdAt,
      leftAt: first.occurredAt,
      movedBy: null,
    });
  }
  moves.forEach((move, i) => {
    const to = side(move, "to");
    if (!to?.stageId) return;
    stays.push({
      stageId: to.stageId,
      pipelineId: to.pipelineId,
      enteredAt: move.occurredAt,
      leftAt: moves[i + 1]?.occurredAt ?? null,
      movedBy: move.actorUserId,
    });
  });
  return stays;
}

/** How long a stay lasted (or has lasted), in whole days, hours or minutes. */
export function stayLength(
  enteredAt: string,
  leftAt: string | null,
  now = new Date(),
): { unit: "day" | "hour" | "minute"; n: number } {
  const ms = Math.max(0, (leftAt ? new Date(leftAt) : now).getTime() - new Date(enteredAt).getTime());
  const minutes = Math.floor(ms / 60000);
  if (minutes >= 60 * 24) return { unit: "day", n: Math.floor(minutes / (60 * 24)) };
  if (minutes >= 60) return { unit: "hour", n: Math.floor(minutes / 60) };
  return { unit: "minute", n: minutes };
}

export interface RawStay {
  stageId: string;
  pipelineId?: string | null;
  stageName?: string | null;
  pipelineName?: string | null;
  enteredAt: string;
  leftAt?: string | null;
  movedBy?: { userId: string; name: string | null } | string | null;
}

/** A stay as `GET /api/deals/:id/stage-history` returns it, in the page's shape. */
export function stayOf(r: RawStay): StageStay {
  const mover = r.movedBy;
  return {
    stageId: r.stageId,
    pipelineId: r.pipelineId ?? null,
    stageName: r.stageName ?? null,
    pipelineName: r.pipelineName ?? null,
    enteredAt: r.enteredAt,
    leftAt: r.leftAt ?? null,
    movedBy: typeof mover === "string" ? mover : (mover?.userId ?? null),
    movedByName: typeof mover === "object" && mover ? mover.name : null,
  };
}
