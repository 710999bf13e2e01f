// How the receiver answered a test ping: the status code and time, or why nothing came back.
import { Alert, Code, Stack, Text } from "@mantine/core";
import { IconCircleCheck, IconCircleX } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { isSuccess, type TestResult } from "../logic/webhooks.ts";

export function WebhookTestResult({ result, onClose }: { result: TestResult | null; onClose: () => void }) {
  const { t } = useTranslation("settings");
  if (!result) return null;
  const ok = isSuccess(result.statusCode);
  return (
    <Alert
      color={ok ? "teal" : "red"}
      variant="light"
      icon={ok ? <IconCircleCheck size={18} /> : <IconCircleX size={18} />}
      withCloseButton
      closeButtonLabel={t("actions.close", { ns: "common" })}
      onClose={onClose}
      title={ok ? t("webhooks.testOk") : t("webhooks.testFailed")}
      data-testid="webhook-test-result"
      data-status={result.statusCode ?? "none"}
    >
      <Stack gap={4}>
        <Text size="sm">
          {result.statusCode === null
            ? t("webhooks.testNoAnswer", { ms: result.durationMs })
            : t("webhooks.testAnswer", { code: result.statusCode, ms: result.durationMs })}
        </Text>
        {result.error && (
          <Text size="sm" c="red">
            {result.error}
          </Text>
        )}
        {result.responseExcerpt && (
          <Code block style={{ whiteSpace: "pre-wrap", wordBreak: "break-all", maxHeight: 160 }}>
            {result.responseExcerpt}
          </Code>
        )}
      </Stack>
    </Alert>
  );
}
