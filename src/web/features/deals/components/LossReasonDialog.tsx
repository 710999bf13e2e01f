// Asks why a deal was lost: the API needs a loss reason to close a deal as lost.
import { Anchor, Button, Group, Modal, NativeSelect, Stack, Text } from "@mantine/core";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { Loading } from "../../../components/QueryState.tsx";
import { useLossReasons } from "../../../lib/session.ts";

interface Props {
  opened: boolean;
  /** The deal's title, for the dialog's text. */
  title?: string;
  onClose: () => void;
  /** Resolves when the deal is closed; the dialog stays open (and busy) until then. */
  onConfirm: (lossReasonId: string) => Promise<unknown>;
}

export function LossReasonDialog({ opened, title, onClose, onConfirm }: Props) {
  const { t } = useTranslation("deals");
  const reasons = useLossReasons();
  const [reasonId, setReasonId] = useState("");
  const [busy, setBusy] = useState(false);
  const first = reasons.data?.[0]?.id ?? "";

  useEffect(() => {
    if (opened) setReasonId(first);
  }, [opened, first]);

  const confirm = async () => {
    if (!reasonId || busy) return;
    setBusy(true);
    try {
      await onConfirm(reasonId);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title={t("loss.title")} centered>
      {reasons.isPending ? (
        <Loading />
      ) : (reasons.data ?? []).length === 0 ? (
        <Stack>
          <Text size="sm">{t("loss.none")}</Text>
          <Anchor component={Link} to="/settings/loss-reasons" size="sm">
            {t("loss.settings")}
          </Anchor>
        </Stack>
      ) : (
        <Stack>
          {title && (
            <Text size="sm" c="dimmed">
              {t("loss.text", { title })}
            </Text>
          )}
          <NativeSelect
            label={t("loss.reason")}
            data-testid="loss-reason-select"
            data-autofocus
            value={reasonId}
            onChange={(e) => setReasonId(e.currentTarget.value)}
            data={(reasons.data ?? []).map((r) => ({ value: r.id, label: r.name }))}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} disabled={busy}>
              {t("actions.cancel", { ns: "common" })}
            </Button>
            <Button
              color="red"
              onClick={() => void confirm()}
              loading={busy}
              disabled={!reasonId}
              data-testid="loss-reason-confirm"
            >
              {t("loss.confirm")}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
