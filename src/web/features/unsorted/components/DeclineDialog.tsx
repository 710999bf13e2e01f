// Declining a lead, with the reason kept for the reports (a few usual reasons one click away).
import { Button, Chip, Group, Modal, Stack, Textarea } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { notifyDone, notifyError } from "../../../components/notify.ts";
import { declineLead, type Lead, refreshUnsorted } from "../api/unsorted.ts";

const USUAL = ["spam", "duplicate", "notTarget", "noAnswer"] as const;

export function DeclineDialog({ lead, onClose }: { lead: Lead | null; onClose: () => void }) {
  const { t } = useTranslation("unsorted");
  const client = useQueryClient();
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (lead) {
      setReason("");
      setError(null);
    }
  }, [lead]);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!lead) return;
    const text = reason.trim();
    if (!text) {
      setError(t("decline.reasonRequired"));
      return;
    }
    if (text.length > 500) {
      setError(t("decline.reasonTooLong"));
      return;
    }
    setBusy(true);
    try {
      await declineLead(lead.id, text);
      notifyDone(t("notify.declined"));
      await refreshUnsorted(client);
      onClose();
    } catch (err) {
      notifyError(err, t);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={lead !== null} onClose={onClose} title={t("decline.title")} centered>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Group gap={6}>
            {USUAL.map((key) => (
              <Chip
                key={key}
                size="xs"
                checked={reason === t(`decline.usual.${key}`)}
                onChange={() => {
                  setReason(t(`decline.usual.${key}`));
                  setError(null);
                }}
              >
                {t(`decline.usual.${key}`)}
              </Chip>
            ))}
          </Group>
          <Textarea
            label={t("decline.reason")}
            value={reason}
            onChange={(e) => {
              setReason(e.currentTarget.value);
              setError(null);
            }}
            error={error}
            required
            autosize
            minRows={2}
            maxLength={500}
            data-autofocus
            data-testid="unsorted-decline-reason"
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t("actions.cancel", { ns: "common" })}
            </Button>
            <Button type="submit" color="red" loading={busy} data-testid="unsorted-decline-submit">
              {t("decline.submit")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
