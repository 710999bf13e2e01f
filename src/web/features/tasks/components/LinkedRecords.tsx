// The deal, contact and company a task belongs to, as links with their names.
import { Anchor, Group, Text } from "@mantine/core";
import { IconAddressBook, IconBuilding, IconLayoutKanban } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { get } from "../../../lib/api.ts";
import { personName } from "../../../lib/format.ts";
import { type Task, taskKeys } from "../api/tasks.ts";

type Kind = "deal" | "contact" | "company";

const PATHS: Record<Kind, string> = { deal: "deals", contact: "contacts", company: "companies" };
const ICONS = { deal: IconLayoutKanban, contact: IconAddressBook, company: IconBuilding };

interface Named {
  title?: string;
  name?: string;
  firstName?: string | null;
  lastName?: string | null;
  middleName?: string | null;
}

const nameOf = (r: Named) => r.title ?? r.name ?? personName(r);

function LinkedRecord({ kind, id }: { kind: Kind; id: string }) {
  const { t } = useTranslation("tasks");
  const record = useQuery({
    queryKey: taskKeys.link(kind, id),
    queryFn: () => get<Named>(`/api/${PATHS[kind]}/${id}`),
    staleTime: 5 * 60_000,
  });
  const Icon = ICONS[kind];
  const label = record.data ? nameOf(record.data) || t(`link.${kind}`) : t(`link.${kind}`);
  return (
    <Group gap={4} wrap="nowrap" miw={0}>
      <Icon size={14} stroke={1.6} aria-hidden />
      {record.isError ? (
        <Text size="xs" c="dimmed">
          {t("link.unavailable")}
        </Text>
      ) : (
        <Anchor component={Link} to={`/${PATHS[kind]}/${id}`} size="xs" truncate maw={220}>
          {label}
        </Anchor>
      )}
    </Group>
  );
}

export function LinkedRecords({ task }: { task: Pick<Task, "dealId" | "contactId" | "companyId"> }) {
  const links: [Kind, string | null][] = [
    ["deal", task.dealId],
    ["contact", task.contactId],
    ["company", task.companyId],
  ];
  const present = links.filter((l): l is [Kind, string] => l[1] !== null);
  if (present.length === 0) return null;
  return (
    <Group gap="sm" wrap="wrap">
      {present.map(([kind, id]) => (
        <LinkedRecord key={kind} kind={kind} id={id} />
      ))}
    </Group>
  );
}
