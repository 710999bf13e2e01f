// Declining a lead, with the reason kept for the reports (a few usual reasons one click away).
import { Chip, Group, Textarea } from "@mantine/core";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { FormModal } from "../../../components/FormModal.tsx";
import { declineLead, type Lead } from "../api/unsorted.ts";
import { useLeadChange } from "../api/useLeadChange.ts";

const USUAL = ["spam", "duplicate", "notTarget", "noAnswer"] as const;

export function DeclineDialog({ lead, onClose }: { lead: Lead | null; onClose: () => void }) {
  const { t } = useTranslation("unsorted");
  const change = useLeadChange(onClose);
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (lead) {
      setReason("");
      setError(null);
    }
  }, [lead]);

  const submit = () => {
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
    return change(() => declineLead(lead.id, text), t("notify.declined"));
  };

  return (
    <FormModal
      opened={lead !== null}
      onClose={onClose}
      title={t("decline.title")}
      submitLabel={t("decline.submit")}
      submitColor="red"
      submitTestId="unsorted-decline-submit"
      onSubmit={submit}
    >
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
    </FormModal>
  );
}
