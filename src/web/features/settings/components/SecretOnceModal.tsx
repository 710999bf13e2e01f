// A secret shown once (a new API key, a webhook's signing secret), with a copy button, a warning that it
// will not be shown again, and how to use it. Texts and test ids are the caller's.
import {
  ActionIcon,
  Alert,
  Button,
  Code,
  CopyButton,
  Group,
  Modal,
  Stack,
  Text,
  Tooltip,
} from "@mantine/core";
import { IconAlertTriangle, IconCheck, IconCopy } from "@tabler/icons-react";
import { type ReactNode, useRef } from "react";
import { useTranslation } from "react-i18next";

export interface SecretOnceTexts {
  /** i18n keys in the `settings` namespace. */
  title: string;
  warning: string;
  copy: string;
  copied: string;
  usage: string;
  saved: string;
}

export function SecretOnceModal({
  secret,
  onClose,
  texts,
  testIds,
  children,
}: {
  secret: string | null;
  onClose: () => void;
  texts: SecretOnceTexts;
  testIds: { secret: string; copy: string; close: string };
  /** What goes with the secret (1C's exchange URL and login), shown above it. */
  children?: ReactNode;
}) {
  const { t } = useTranslation("settings");
  // Keep the text while the modal fades out.
  const shown = useRef(secret);
  if (secret) shown.current = secret;
  const value = shown.current ?? "";
  return (
    <Modal
      opened={secret !== null}
      onClose={onClose}
      title={t(texts.title)}
      centered
      size="lg"
      closeOnClickOutside={false}
    >
      <Stack>
        <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} />}>
          {t(texts.warning)}
        </Alert>
        {children}
        <Group gap="xs" wrap="nowrap" align="flex-start">
          <Code
            block
            style={{ flex: 1, wordBreak: "break-all", whiteSpace: "pre-wrap" }}
            data-testid={testIds.secret}
          >
            {value}
          </Code>
          <CopyButton value={value}>
            {({ copied, copy }) => (
              <Tooltip label={copied ? t(texts.copied) : t(texts.copy)}>
                <ActionIcon
                  variant="light"
                  color={copied ? "teal" : "gray"}
                  size="lg"
                  onClick={copy}
                  aria-label={t(texts.copy)}
                  data-testid={testIds.copy}
                >
                  {copied ? <IconCheck size={18} /> : <IconCopy size={18} />}
                </ActionIcon>
              </Tooltip>
            )}
          </CopyButton>
        </Group>
        <Text size="sm" c="dimmed">
          {t(texts.usage)}
        </Text>
        <Group justify="flex-end">
          <Button onClick={onClose} data-testid={testIds.close}>
            {t(texts.saved)}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
