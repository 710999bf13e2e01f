// API keys: create one with a name and a role (the secret is shown once), see when each was used, revoke.
import {
  ActionIcon,
  Badge,
  Button,
  Group,
  Paper,
  Select,
  Table,
  Text,
  TextInput,
  Tooltip,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconKey, IconKeyOff } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { notifyDone } from "../../../components/notify.ts";
import { QueryState } from "../../../components/QueryState.tsx";
import { formatDateTime, formatRelative } from "../../../lib/format.ts";
import { useSession } from "../../../lib/session.ts";
import {
  type ApiKey,
  type ApiKeyValues,
  apiKeySchema,
  keyPrefix,
  useApiKeys,
  useCreateApiKey,
  useRevokeApiKey,
} from "../api/apiKeys.ts";
import { resolver, showFormError } from "../logic/forms.ts";
import { type Access, grantableBy } from "../logic/sections.ts";
import { ApiKeySecretModal } from "./ApiKeySecretModal.tsx";
import { ConfirmModal } from "./ConfirmModal.tsx";
import { SectionFrame } from "./SectionFrame.tsx";

export function ApiKeysSection({ access }: { access: Access }) {
  const { t, i18n } = useTranslation("settings");
  const { me, workspace } = useSession();
  const keys = useApiKeys(workspace.id);
  const create = useCreateApiKey(workspace.id);
  const revoke = useRevokeApiKey(workspace.id);
  const [secret, setSecret] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const form = useForm<ApiKeyValues>({
    initialValues: { name: "", role: "member" },
    validate: resolver(apiKeySchema, t),
  });
  const submit = form.onSubmit(async (values) => {
    try {
      const created = await create.mutateAsync({ ...values, name: values.name.trim() });
      form.reset();
      setSecret(created.key);
    } catch (err) {
      showFormError(form, err, t);
    }
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
          <Select
            label={t("apiKeys.role")}
            w={180}
            allowDeselect={false}
            data={grantableBy(me.role).map((r) => ({ value: r, label: t(`roles.${r}`, { ns: "common" }) }))}
            data-testid="api-key-role"
            {...form.getInputProps("role")}
          />
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
          <Table.ScrollContainer minWidth={720}>
            <Table verticalSpacing="xs" data-testid="api-keys-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("apiKeys.name")}</Table.Th>
                  <Table.Th>{t("apiKeys.prefix")}</Table.Th>
                  <Table.Th>{t("apiKeys.role")}</Table.Th>
                  <Table.Th>{t("apiKeys.created")}</Table.Th>
                  <Table.Th>{t("apiKeys.lastUsed")}</Table.Th>
                  <Table.Th aria-label={t("columns.actions")} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
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
                      <Text
                        size="sm"
                        title={key.lastUsedAt ? formatDateTime(key.lastUsedAt, lang) : undefined}
                      >
                        {key.lastUsedAt ? formatRelative(key.lastUsedAt, lang) : t("apiKeys.never")}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Group justify="flex-end">
                        {key.revokedAt ? (
                          <Badge color="gray" variant="light">
                            {t("apiKeys.revoked")}
                          </Badge>
                        ) : (
                          <Tooltip label={t("apiKeys.revoke")}>
                            <ActionIcon
                              variant="subtle"
                              color="red"
                              aria-label={t("apiKeys.revokeName", { name: key.name })}
                              onClick={() => setRevoking(key)}
                              data-testid={`api-key-revoke-${key.id}`}
                            >
                              <IconKeyOff size={18} />
                            </ActionIcon>
                          </Tooltip>
                        )}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </QueryState>

      <ApiKeySecretModal secret={secret} onClose={() => setSecret(null)} />
      <ConfirmModal
        opened={revoking !== null}
        onClose={() => setRevoking(null)}
        title={t("apiKeys.revokeTitle", { name: revoking?.name })}
        message={t("apiKeys.revokeText")}
        confirmLabel={t("apiKeys.revoke")}
        onConfirm={async () => {
          if (!revoking) return;
          await revoke.mutateAsync(revoking.id);
          notifyDone(t("apiKeys.revokedDone", { name: revoking.name }));
        }}
      />
    </SectionFrame>
  );
}
