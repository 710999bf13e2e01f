// Accepting a lead: the deal's title, pipeline, stage and owner; then a link to the deal it created.
import { Anchor, Button, Group, Modal, Select, Stack, Text, TextInput } from "@mantine/core";
import { IconCircleCheck } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { notifyDone, notifyError } from "../../../components/notify.ts";
import { fieldErrors } from "../../../lib/errors.ts";
import { type Pipeline, useMembers, usePipelines, useSession } from "../../../lib/session.ts";
import { acceptLead, type Lead, refreshUnsorted } from "../api/unsorted.ts";

interface AcceptDialogProps {
  lead: Lead | null;
  onClose: () => void;
}

const NOBODY = "__nobody__";

/** The stages a new deal may start in, in pipeline order. */
const openStagesOf = (p: Pipeline | undefined) =>
  (p?.stages ?? []).filter((s) => s.kind === "open").sort((a, b) => a.position - b.position);
const firstOpen = (p: Pipeline | undefined) => openStagesOf(p)[0]?.id ?? null;

export function AcceptDialog({ lead, onClose }: AcceptDialogProps) {
  const { t } = useTranslation("unsorted");
  const { user } = useSession();
  const client = useQueryClient();
  const pipelines = usePipelines();
  const members = useMembers();
  const [title, setTitle] = useState("");
  const [pipelineId, setPipelineId] = useState<string | null>(null);
  const [stageId, setStageId] = useState<string | null>(null);
  const [ownerId, setOwnerId] = useState<string>(user.id);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [dealId, setDealId] = useState<string | null>(null);

  const pipeline = pipelines.data?.find((p) => p.id === pipelineId);
  const openStages = openStagesOf(pipeline);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a fresh form for each lead the dialog opens with
  useEffect(() => {
    if (!lead) return;
    setTitle(lead.title);
    setOwnerId(user.id);
    setErrors({});
    setDealId(null);
    const initial = pipelines.data?.find((p) => p.isDefault) ?? pipelines.data?.[0];
    setPipelineId(initial?.id ?? null);
    setStageId(firstOpen(initial));
  }, [lead?.id, pipelines.data]);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!lead) return;
    if (!title.trim()) {
      setErrors({ title: t("accept.titleRequired") });
      return;
    }
    setBusy(true);
    try {
      const accepted = await acceptLead(lead.id, {
        title: title.trim(),
        ...(pipelineId ? { pipelineId } : {}),
        ...(stageId ? { stageId } : {}),
        ownerId: ownerId === NOBODY ? null : ownerId,
      });
      setDealId(accepted.dealId);
      notifyDone(t("notify.accepted"));
      await refreshUnsorted(client);
    } catch (err) {
      setErrors(fieldErrors(err));
      notifyError(err, t);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={lead !== null} onClose={onClose} title={t("accept.title")} centered>
      {dealId ? (
        <Stack align="flex-start" data-testid="unsorted-accepted">
          <Group gap="xs">
            <IconCircleCheck color="var(--mantine-color-teal-6)" aria-hidden />
            <Text>{t("accept.done")}</Text>
          </Group>
          <Anchor component={Link} to={`/deals/${dealId}`} data-testid="unsorted-open-deal">
            {t("accept.openDeal")}
          </Anchor>
          <Button onClick={onClose} variant="default" style={{ alignSelf: "flex-end" }}>
            {t("actions.close", { ns: "common" })}
          </Button>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack>
            <TextInput
              label={t("accept.dealTitle")}
              value={title}
              onChange={(e) => setTitle(e.currentTarget.value)}
              error={errors.title}
              required
              data-autofocus
            />
            <Select
              label={t("accept.pipeline")}
              data={(pipelines.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
              value={pipelineId}
              onChange={(id) => {
                setPipelineId(id);
                setStageId(firstOpen(pipelines.data?.find((p) => p.id === id)));
              }}
              allowDeselect={false}
              disabled={pipelines.isPending}
              error={errors.pipelineId}
              data-testid="unsorted-accept-pipeline"
            />
            <Select
              label={t("accept.stage")}
              data={openStages.map((s) => ({ value: s.id, label: s.name }))}
              value={stageId}
              onChange={setStageId}
              allowDeselect={false}
              disabled={!pipeline}
              error={errors.stageId}
              data-testid="unsorted-accept-stage"
            />
            <Select
              label={t("accept.owner")}
              data={[
                { value: NOBODY, label: t("accept.nobody") },
                ...(members.data ?? []).map((m) => ({ value: m.userId, label: m.name || m.email })),
              ]}
              value={ownerId}
              onChange={(v) => setOwnerId(v ?? NOBODY)}
              allowDeselect={false}
              searchable
              error={errors.ownerId}
              data-testid="unsorted-accept-owner"
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                {t("actions.cancel", { ns: "common" })}
              </Button>
              <Button type="submit" loading={busy} data-testid="unsorted-accept-submit">
                {t("accept.submit")}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
