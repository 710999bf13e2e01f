// Search and filters of the board (the page applies them after a pause in typing): owner, source, tag, creation dates and amount range.
import { Badge, Button, Collapse, Group, Paper, Select, SimpleGrid, TextInput } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconFilter, IconSearch } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { useMembers, useSources, useTags } from "../../../lib/session.ts";
import { activeFilterCount, type KanbanFilters, NO_FILTERS } from "../filters.ts";

interface Props {
  filters: KanbanFilters;
  onChange: (filters: KanbanFilters) => void;
}

export function KanbanToolbar({ filters, onChange }: Props) {
  const { t } = useTranslation("deals");
  const [opened, { toggle }] = useDisclosure(false);
  const members = useMembers();
  const sources = useSources();
  const tags = useTags();

  const set = <K extends keyof KanbanFilters>(key: K, value: KanbanFilters[K]) =>
    onChange({ ...filters, [key]: value });
  const count = activeFilterCount(filters);

  return (
    <>
      <Group gap="xs" wrap="nowrap">
        <TextInput
          value={filters.q}
          onChange={(e) => set("q", e.currentTarget.value)}
          placeholder={t("filters.search")}
          aria-label={t("filters.search")}
          leftSection={<IconSearch size={16} />}
          data-testid="kanban-search"
          type="search"
          style={{ flex: "1 1 auto", maxWidth: 320 }}
        />
        <Button
          variant={count > 0 ? "light" : "default"}
          leftSection={<IconFilter size={16} />}
          rightSection={
            count > 0 ? (
              <Badge size="xs" circle>
                {count}
              </Badge>
            ) : null
          }
          onClick={toggle}
          style={{ flex: "none" }}
          aria-expanded={opened}
          data-testid="kanban-filters-toggle"
        >
          {t("filters.title")}
        </Button>
        {count > 0 && !opened && (
          <Button variant="subtle" visibleFrom="xs" onClick={() => onChange({ ...NO_FILTERS, q: filters.q })}>
            {t("filters.reset")}
          </Button>
        )}
      </Group>
      <Collapse expanded={opened}>
        <Paper withBorder p="sm" mt="xs">
          <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="sm">
            <Select
              label={t("fields.ownerId")}
              placeholder={t("filters.any")}
              clearable
              searchable
              value={filters.ownerId}
              onChange={(v) => set("ownerId", v)}
              data={(members.data ?? []).map((m) => ({ value: m.userId, label: m.name || m.email }))}
              data-testid="filter-owner"
            />
            <Select
              label={t("fields.sourceId")}
              placeholder={t("filters.any")}
              clearable
              value={filters.sourceId}
              onChange={(v) => set("sourceId", v)}
              data={(sources.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
              data-testid="filter-source"
            />
            <Select
              label={t("fields.tags")}
              placeholder={t("filters.any")}
              clearable
              searchable
              value={filters.tagId}
              onChange={(v) => set("tagId", v)}
              data={(tags.data ?? []).map((tag) => ({ value: tag.id, label: tag.name }))}
              data-testid="filter-tag"
            />
            <Group gap={6} grow wrap="nowrap" align="flex-end">
              <TextInput
                type="date"
                label={t("filters.createdFrom")}
                value={filters.createdFrom}
                onChange={(e) => set("createdFrom", e.currentTarget.value)}
                data-testid="filter-created-from"
              />
              <TextInput
                type="date"
                label={t("filters.createdTo")}
                value={filters.createdTo}
                onChange={(e) => set("createdTo", e.currentTarget.value)}
                data-testid="filter-created-to"
              />
            </Group>
            <Group gap={6} grow wrap="nowrap" align="flex-end">
              <TextInput
                label={t("filters.amountFrom")}
                inputMode="decimal"
                rightSection="₽"
                value={filters.amountMin}
                onChange={(e) => set("amountMin", e.currentTarget.value)}
                data-testid="filter-amount-min"
              />
              <TextInput
                label={t("filters.amountTo")}
                inputMode="decimal"
                rightSection="₽"
                value={filters.amountMax}
                onChange={(e) => set("amountMax", e.currentTarget.value)}
                data-testid="filter-amount-max"
              />
            </Group>
          </SimpleGrid>
          {count > 0 && (
            <Group justify="flex-end" mt="xs">
              <Button size="xs" variant="subtle" onClick={() => onChange({ ...NO_FILTERS, q: filters.q })}>
                {t("filters.reset")}
              </Button>
            </Group>
          )}
        </Paper>
      </Collapse>
    </>
  );
}
