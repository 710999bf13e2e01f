import type { Tx } from "../../db/client.ts";
import { leadSources, lossReasons, pipelines, stages } from "../../db/schema/index.ts";
import { newId } from "../../platform/ids.ts";

const DEFAULT_STAGES = [
  { name: "Первичный контакт", kind: "open" },
  { name: "Переговоры", kind: "open" },
  { name: "Принимают решение", kind: "open" },
  { name: "Согласование договора", kind: "open" },
  { name: "Успешно реализовано", kind: "won" },
  { name: "Закрыто и не реализовано", kind: "lost" },
] as const;

const DEFAULT_SOURCES = [
  { name: "Сайт", kind: "form" },
  { name: "Телефон", kind: "phone" },
  { name: "Telegram", kind: "telegram" },
  { name: "WhatsApp", kind: "whatsapp" },
  { name: "Авито", kind: "avito" },
  { name: "Яндекс Директ", kind: "yandex_direct" },
  { name: "Рекомендация", kind: "other" },
] as const;

const DEFAULT_LOSS_REASONS = ["Дорого", "Выбрал конкурента", "Нет потребности", "Не выходит на связь"];

/** What a new workspace starts with: a sales pipeline with Russian stage names, sources and loss reasons. */
export async function seedWorkspaceDefaults(tx: Tx, workspaceId: string) {
  const pipelineId = newId();
  await tx
    .insert(pipelines)
    .values({ workspaceId, id: pipelineId, name: "Воронка продаж", position: 0, isDefault: true });
  await tx.insert(stages).values(
    DEFAULT_STAGES.map((s, position) => ({
      workspaceId,
      id: newId(),
      pipelineId,
      name: s.name,
      kind: s.kind,
      position,
    })),
  );
  await tx.insert(leadSources).values(DEFAULT_SOURCES.map((s) => ({ workspaceId, id: newId(), ...s })));
  await tx
    .insert(lossReasons)
    .values(DEFAULT_LOSS_REASONS.map((name) => ({ workspaceId, id: newId(), name })));
}
