// Why a connect or edit did not go through: the provider's refusal, its outage, or an already connected account.
import { Alert } from "@mantine/core";
import { IconAlertTriangle, IconCloudOff } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import type { ChannelFailure, Platform } from "../logic/channels.ts";

export function ChannelFailureAlert({ failure, platform }: { failure: ChannelFailure; platform: Platform }) {
  const { t } = useTranslation("settings");
  if (!failure) return null;
  const provider = t(`channels.platforms.${platform}`);
  switch (failure.kind) {
    case "refused":
      return (
        <Alert
          color="red"
          variant="light"
          icon={<IconAlertTriangle size={18} />}
          data-testid="channel-refused"
        >
          {t("channels.refused", { provider, reason: failure.reason })}
        </Alert>
      );
    case "unavailable":
      return (
        <Alert
          color="orange"
          variant="light"
          icon={<IconCloudOff size={18} />}
          data-testid="channel-unavailable"
        >
          {failure.retryAfterS
            ? t("channels.unavailableRetry", { provider, seconds: failure.retryAfterS })
            : t("channels.unavailable", { provider })}
        </Alert>
      );
    case "conflict":
      return (
        <Alert
          color="orange"
          variant="light"
          icon={<IconAlertTriangle size={18} />}
          data-testid="channel-conflict"
        >
          {t("channels.conflict")}
        </Alert>
      );
  }
}
