// The company's requisites (INN, KPP, OGRN, addresses, bank) for reading, with a "copy" for invoices.
import { ActionIcon, Group, Paper, Text, Title, Tooltip } from "@mantine/core";
import { useClipboard } from "@mantine/hooks";
import { IconCheck, IconCopy } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Info, InfoGrid } from "../../../components/records/display.tsx";
import type { Company } from "../api/companies.ts";
import { requisitesText } from "../companyForm.ts";

const SHOWN = [
  "legalName",
  "legalForm",
  "inn",
  "kpp",
  "ogrn",
  "legalAddress",
  "actualAddress",
  "bik",
  "bankName",
  "settlementAccount",
  "correspondentAccount",
] as const;

export function Requisites({ company }: { company: Company }) {
  const { t } = useTranslation("companies");
  const clipboard = useClipboard({ timeout: 1500 });
  const labels = Object.fromEntries(SHOWN.map((f) => [f, t(`fields.${f}`)]));
  const known = SHOWN.some((f) => company[f]);
  return (
    <Paper withBorder p="md" data-testid="company-requisites">
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h5">
          {t("card.requisites")}
        </Title>
        {known && (
          <Tooltip label={clipboard.copied ? t("card.copied") : t("card.copyRequisites")}>
            <ActionIcon
              variant="subtle"
              color={clipboard.copied ? "teal" : "gray"}
              aria-label={t("card.copyRequisites")}
              onClick={() => clipboard.copy(requisitesText(company, labels))}
              data-testid="requisites-copy"
            >
              {clipboard.copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
            </ActionIcon>
          </Tooltip>
        )}
      </Group>
      {known ? (
        <InfoGrid>
          {SHOWN.map((f) => (
            <Info key={f} label={labels[f] ?? f} testId={`requisite-${f}`}>
              {company[f]}
            </Info>
          ))}
        </InfoGrid>
      ) : (
        <Text size="sm" c="dimmed">
          {t("card.noRequisites")}
        </Text>
      )}
    </Paper>
  );
}
