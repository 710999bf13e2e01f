// The top of a deal's page: its title, stage and amount, and won / lost / reopen / delete.
import { Anchor, Badge, Button, Group, Modal, Stack, Text, Title } from "@mantine/core";
import { IconArrowBackUp, IconArrowLeft, IconThumbDown, IconTrash, IconTrophy } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { notifyDone, notifyError } from "../../../components/notify.ts";
import { formatMoney } from "../../../lib/format.ts";
import { usePipelines, useSession } from "../../../lib/session.ts";
import { deleteDeal, moveDeal } from "../api/deal.ts";
import { dealKeys } from "../api/keys.ts";
import type { Deal } from "../api/types.ts";
import { LossReasonDialog } from "./LossReasonDialog.tsx";

const STATUS_COLOR = { open: "blue", won: "teal", lost: "red" } as const;

export function DealHeader({ deal, onChanged }: { deal: Deal; onChanged: () => void }) {
  const { t, i18n } = useTranslation("deals");
  const { can } = useSession();
  const client = useQueryClient();
  const navigate = useNavigate();
  const pipelines = usePipelines();
  const [losing, setLosing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const pipeline = pipelines.data?.find((p) => p.id === deal.pipelineId);
  const stage = pipeline?.stages.find((s) => s.id === deal.stageId);
  const won = pipeline?.stages.find((s) => s.kind === "won");
  const lost = pipeline?.stages.find((s) => s.kind === "lost");
  const firstOpen = pipeline?.stages.find((s) => s.kind === "open");
  const mayUpdate = can("records.update");

  const run = async (what: string, action: () => Promise<unknown>, done: string) => {
    setBusy(what);
    try {
      const result = await action();
      if (result && typeof result === "object") client.setQueryData(dealKeys.deal(deal.id), result);
      void client.invalidateQueries({ queryKey: dealKeys.deal(deal.id) });
      void client.invalidateQueries({ queryKey: dealKeys.about(deal.id) });
      void client.invalidateQueries({ queryKey: dealKeys.kanbanAll });
      notifyDone(done);
      onChanged();
      return true;
    } catch (err) {
      notifyError(err, t);
      return false;
    } finally {
      setBusy(null);
    }
  };

  return (
    <Stack gap="xs">
      <Anchor component={Link} to="/deals" size="sm" w="fit-content">
        <Group gap={4}>
          <IconArrowLeft size={14} />
          {t("title")}
        </Group>
      </Anchor>
      <Group justify="space-between" align="flex-start" gap="sm">
        <Stack gap={4} style={{ minWidth: 0, flex: "1 1 300px" }}>
          <Title order={2} size="h3" data-testid="deal-title" style={{ overflowWrap: "anywhere" }}>
            {deal.title}
          </Title>
          <Group gap="xs">
            <Badge color={STATUS_COLOR[deal.status]} variant="light" data-testid="deal-status">
              {t(`status.${deal.status}`)}
            </Badge>
            {stage && (
              <Text size="sm" c="dimmed" data-testid="deal-stage">
                {pipeline?.name} · {stage.name}
              </Text>
            )}
            <Text size="sm" fw={600}>
              {formatMoney(deal.amountMinor, deal.currency, i18n.language)}
            </Text>
          </Group>
        </Stack>
        <Group gap="xs">
          {mayUpdate && deal.status === "open" && won && (
            <Button
              color="teal"
              variant="light"
              leftSection={<IconTrophy size={16} />}
              loading={busy === "won"}
              disabled={busy !== null}
              data-testid="deal-won"
              onClick={() =>
                void run(
                  "won",
                  () => moveDeal(deal.id, { stageId: won.id }),
                  t("notify.won", { title: deal.title }),
                )
              }
            >
              {t("actions.won")}
            </Button>
          )}
          {mayUpdate && deal.status === "open" && lost && (
            <Button
              color="red"
              variant="light"
              leftSection={<IconThumbDown size={16} />}
              disabled={busy !== null}
              data-testid="deal-lost"
              onClick={() => setLosing(true)}
            >
              {t("actions.lost")}
            </Button>
          )}
          {mayUpdate && deal.status !== "open" && firstOpen && (
            <Button
              variant="default"
              leftSection={<IconArrowBackUp size={16} />}
              loading={busy === "reopen"}
              disabled={busy !== null}
              data-testid="deal-reopen"
              onClick={() =>
                void run("reopen", () => moveDeal(deal.id, { stageId: firstOpen.id }), t("notify.reopened"))
              }
            >
              {t("actions.reopen")}
            </Button>
          )}
          {can("records.delete") && (
            <Button
              color="red"
              variant="subtle"
              leftSection={<IconTrash size={16} />}
              data-testid="deal-delete"
              onClick={() => setDeleting(true)}
            >
              {t("actions.delete", { ns: "common" })}
            </Button>
          )}
        </Group>
      </Group>
      <LossReasonDialog
        opened={losing}
        title={deal.title}
        onClose={() => setLosing(false)}
        onConfirm={async (lossReasonId) => {
          if (!lost) return;
          const ok = await run(
            "lost",
            () => moveDeal(deal.id, { stageId: lost.id, lossReasonId }),
            t("notify.lost", { title: deal.title }),
          );
          if (ok) setLosing(false);
        }}
      />
      <Modal opened={deleting} onClose={() => setDeleting(false)} title={t("delete.title")} centered>
        <Stack>
          <Text size="sm">{t("delete.text", { title: deal.title })}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setDeleting(false)}>
              {t("actions.cancel", { ns: "common" })}
            </Button>
            <Button
              color="red"
              loading={busy === "delete"}
              data-testid="deal-delete-confirm"
              onClick={async () => {
                setBusy("delete");
                try {
                  await deleteDeal(deal.id);
                  navigate("/deals");
                  client.removeQueries({ queryKey: dealKeys.deal(deal.id) });
                  void client.invalidateQueries({ queryKey: dealKeys.kanbanAll });
                  notifyDone(t("notify.deleted", { title: deal.title }));
                } catch (err) {
                  notifyError(err, t);
                  setBusy(null);
                }
              }}
            >
              {t("delete.confirm")}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
