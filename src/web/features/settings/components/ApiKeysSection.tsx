// API keys: create one with a name and a role (the secret is shown once), see when each was used, revoke.
import { Badge, Button, Group, Paper, Table, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconKey, IconKeyOff } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { notifyDone } from "../../../components/notify.ts";
import { QueryState } from "../../../components/QueryState.tsx";
import { formatDateTime, formatRelative } from "../../../lib/format.ts";
import { useSession } from "../../../lib/session.ts";
import {
  type ApiKeyValues,
  apiKeySchema,
  keyPrefix,
  useApiKeys,
  useCreateApiKey,
  useRevokeApiKey,
} from "../api/apiKeys.ts";
import { resolver, submitAndReset } from "../logic/forms.ts";
import type { Access } from "../logic/sections.ts";
import { useConfirm } from "./ConfirmModal.tsx";
import { ActionsCell, ListTable } from "./ListTable.tsx";
import { RoleSelect } from "./RoleSelect.tsx";
import { RowAction } from "./RowAction.tsx";
import { SecretOnceModal } from "./SecretOnceModal.tsx";
import { SectionFrame } from "./SectionFrame.tsx";

export function ApiKeysSection({ access }: { access: Access }) {
  const { t, i18n } = useTranslation("settings");
  const { workspace } = useSession();
  const keys = useApiKeys(workspace.id);
  const create = useCreateApiKey(workspace.id);
  const revoke = useRevokeApiKey(workspace.id);
  const confirm = useConfirm();
  const [secret, setSecret] = useState<string | null>(null);
  const form = useForm<ApiKeyValues>({
    initialValues: { name: "", role: "member" },
    validate: resolver(apiKeySchema, t),
  });
  const submit = submitAndReset(form, t, async (values) => {
    const created = await create.mutateAsync({ ...values, name: values.name.trim() });
    setSecret(created.key);
  });
  const lang = i18n.language;

  return (
    <SectionFrame section="api-keys" access={access}>
      <Paper withBorder p="md" component="form" onSubmit={submit} noValidate>
        <Group align="flex-start" gap="sm">
          <TextInput
            label={t("apiKeys.name")}
            placeholder={t("apiKeys.namePlaceholder")}
            style={{ flex: "1 1 220px" }}
            data-testid="api-key-name"
            {...form.getInputProps("name")}
          />
          <RoleSelect label={t("apiKeys.role")} data-testid="api-key-role" {...form.getInputProps("role")} />
          <Button
            type="submit"
            mt={25}
            leftSection={<IconKey size={16} />}
            loading={form.submitting}
            data-testid="api-key-create"
          >
            {t("apiKeys.create")}
          </Button>
        </Group>
      </Paper>

      <QueryState query={keys} isEmpty={(list) => list.length === 0} empty={t("apiKeys.empty")}>
        {(list) => (
          <ListTable
            minWidth={720}
            verticalSpacing="xs"
            testId="api-keys-table"
            columns={[
              t("apiKeys.name"),
              t("apiKeys.prefix"),
              t("apiKeys.role"),
              t("apiKeys.created"),
              t("apiKeys.lastUsed"),
            ]}
          >
            {list.map((key) => (
              <Table.Tr
                key={key.id}
                data-testid={`api-key-row-${key.id}`}
                c={key.revokedAt ? "dimmed" : undefined}
              >
                <Table.Td>
                  <Text size="sm" fw={500} td={key.revokedAt ? "line-through" : undefined}>
                    {key.name}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="xs" ff="monospace">
                    {keyPrefix(key.id)}
                  </Text>
                </Table.Td>
                <Table.Td>{t(`roles.${key.role}`, { ns: "common" })}</Table.Td>
                <Table.Td>
                  <Text size="sm">{formatDateTime(key.createdAt, lang)}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" title={key.lastUsedAt ? formatDateTime(key.lastUsedAt, lang) : undefined}>
                    {key.lastUsedAt ? formatRelative(key.lastUsedAt, lang) : t("apiKeys.never")}
                  </Text>
                </Table.Td>
                <ActionsCell>
                  {key.revokedAt ? (
                    <Badge color="gray" variant="light">
                      {t("apiKeys.revoked")}
                    </Badge>
                  ) : (
                    <RowAction
                      label={t("apiKeys.revoke")}
                      ariaLabel={t("apiKeys.revokeName", { name: key.name })}
                      icon={IconKeyOff}
                      testId={`api-key-revoke-${key.id}`}
                      onClick={() =>
                        confirm.ask({
                          title: t("apiKeys.revokeTitle", { name: key.name }),
                          message: t("apiKeys.revokeText"),
                          confirmLabel: t("apiKeys.revoke"),
                          onConfirm: async () => {
                            await revoke.mutateAsync(key.id);
                            notifyDone(t("apiKeys.revokedDone", { name: key.name }));
                          },
                        })
                      }
                    />
                  )}
                </ActionsCell>
              </Table.Tr>
            ))}
          </ListTable>
        )}
      </QueryState>

      <SecretOnceModal
        secret={secret}
        onClose={() => setSecret(null)}
        texts={{
          title: "apiKeys.secretTitle",
          warning: "apiKeys.secretWarning",
          copy: "apiKeys.copy",
          copied: "apiKeys.copied",
          usage: "apiKeys.usage",
          saved: "apiKeys.saved",
        }}
        testIds={{ secret: "api-key-secret", copy: "api-key-copy", close: "api-key-secret-close" }}
      />
      {confirm.modal}
    </SectionFrame>
  );
}
