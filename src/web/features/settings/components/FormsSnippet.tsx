// A form's copy-paste code: the script tag for every page of the site and an example form it sends,
// with a copy button, and the endpoint for sites that post by themselves.
import { ActionIcon, Code, CopyButton, Group, Stack, Text, Tooltip } from "@mantine/core";
import { IconCheck, IconCopy } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { type LeadForm, snippetHtml } from "../logic/leadForms.ts";

export function FormsSnippet({ form }: { form: LeadForm }) {
  const { t } = useTranslation("settings");
  const code = snippetHtml(form.snippetUrl, {
    name: t("leadForms.snippet.name"),
    phone: t("leadForms.snippet.phone"),
    email: t("leadForms.snippet.email"),
    message: t("leadForms.snippet.message"),
    submit: t("leadForms.snippet.submit"),
    success: t("leadForms.snippet.success"),
    honeypot: t("leadForms.snippet.honeypot"),
  });
  return (
    <Stack gap={4}>
      <Group justify="space-between" gap="xs">
        <Text size="sm" fw={500}>
          {t("leadForms.snippet.title")}
        </Text>
        <CopyButton value={code} timeout={1500}>
          {({ copied, copy }) => (
            <Tooltip label={copied ? t("accounting.copied") : t("leadForms.snippet.copy")}>
              <ActionIcon
                variant="subtle"
                color={copied ? "teal" : "gray"}
                aria-label={t("leadForms.snippet.copy")}
                onClick={copy}
                data-testid="lead-form-snippet-copy"
              >
                {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
              </ActionIcon>
            </Tooltip>
          )}
        </CopyButton>
      </Group>
      <Text size="xs" c="dimmed">
        {t("leadForms.snippet.hint")}
      </Text>
      <Code block style={{ whiteSpace: "pre", overflowX: "auto" }} data-testid="lead-form-snippet">
        {code}
      </Code>
      <Text size="xs" c="dimmed">
        {t("leadForms.snippet.endpoint")} <Code data-testid="lead-form-endpoint">{form.endpoint}</Code>
      </Text>
    </Stack>
  );
}
