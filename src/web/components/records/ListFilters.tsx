// The search box and the filters of a record list: owner, tag, source, created dates, custom fields.
import { Badge, Button, Group, Popover, Select, Stack, TextInput } from "@mantine/core";
import { useDebouncedCallback } from "@mantine/hooks";
import { IconAdjustments, IconFilterOff, IconSearch } from "@tabler/icons-react";
import { type ReactNode, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { type CustomField, useMembers, useSources, useTags } from "../../lib/session.ts";
import { filterCount, type ListState, withFilter } from "./listQuery.ts";

/** Custom field types a list can be filtered by (an exact value). */
const FILTERABLE = new Set<CustomField["type"]>([
  "text",
  "select",
  "multiselect",
  "boolean",
  "number",
  "url",
  "phone",
  "email",
  "date",
]);

function SearchBox({
  value,
  onChange,
  testId,
}: {
  value: string;
  onChange: (q: string) => void;
  testId: string;
}) {
  const { t } = useTranslation("records");
  const [text, setText] = useState(value);
  // The URL changed from outside (back button, reset): show what it says.
  useEffect(() => setText(value), [value]);
  const send = useDebouncedCallback(onChange, 300);
  return (
    <TextInput
      aria-label={t("filters.search")}
      placeholder={t("filters.searchPlaceholder")}
      leftSection={<IconSearch size={16} />}
      value={text}
      onChange={(e) => {
        setText(e.currentTarget.value);
        send(e.currentTarget.value);
      }}
      onKeyDown={(e) => {
        if (e.key === "Enter") onChange(text);
      }}
      data-testid={testId}
      w={{ base: "100%", sm: 300 }}
    />
  );
}

function CustomFieldFilter({
  field,
  value,
  onChange,
}: {
  field: CustomField;
  value: string;
  onChange: (v: string | null) => void;
}) {
  const { t } = useTranslation("records");
  if (field.type === "select" || field.type === "multiselect" || field.type === "boolean") {
    const data =
      field.type === "boolean"
        ? [
            { value: "true", label: t("yes") },
            { value: "false", label: t("no") },
          ]
        : field.options;
    return (
      <Select
        label={field.label}
        data={data}
        value={value || null}
        onChange={onChange}
        clearable
        comboboxProps={{ withinPortal: false }}
        data-testid={`filter-cf-${field.key}`}
      />
    );
  }
  return (
    <TextInput
      label={field.label}
      type={field.type === "date" ? "date" : "text"}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value || null)}
      data-testid={`filter-cf-${field.key}`}
    />
  );
}

export function ListFilters({
  state,
  onChange,
  searchTestId,
  withSource = false,
  customFields,
  children,
}: {
  state: ListState;
  onChange: (state: ListState) => void;
  searchTestId: string;
  withSource?: boolean;
  customFields: CustomField[];
  /** Filters only this list has (e.g. the companies' INN). */
  children?: ReactNode;
}) {
  const { t } = useTranslation("records");
  const members = useMembers();
  const tags = useTags();
  const sources = useSources();
  const set = (key: string, value: string | null) => onChange(withFilter(state, key, value));
  const filterable = customFields.filter((f) => FILTERABLE.has(f.type));
  const moreCount = Object.keys(state.filters).filter(
    (k) => k.startsWith("cf.") || k === "createdFrom" || k === "createdTo",
  ).length;
  const width = { base: "calc(50% - var(--mantine-spacing-xs) / 2)", xs: 200 };
  return (
    <Group gap="xs" mb="sm" wrap="wrap" align="flex-end">
      <SearchBox value={state.q} onChange={(q) => onChange({ ...state, q })} testId={searchTestId} />
      <Select
        aria-label={t("filters.owner")}
        placeholder={t("filters.owner")}
        data={(members.data ?? []).map((m) => ({ value: m.userId, label: m.name || m.email }))}
        value={state.filters.ownerId ?? null}
        onChange={(v) => set("ownerId", v)}
        clearable
        searchable
        w={width}
        data-testid="filter-owner"
      />
      <Select
        aria-label={t("filters.tag")}
        placeholder={t("filters.tag")}
        data={(tags.data ?? []).map((tag) => ({ value: tag.id, label: tag.name }))}
        value={state.filters.tagId ?? null}
        onChange={(v) => set("tagId", v)}
        clearable
        searchable
        w={width}
        data-testid="filter-tag"
      />
      {withSource && (
        <Select
          aria-label={t("filters.source")}
          placeholder={t("filters.source")}
          data={(sources.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
          value={state.filters.sourceId ?? null}
          onChange={(v) => set("sourceId", v)}
          clearable
          searchable
          w={width}
          data-testid="filter-source"
        />
      )}
      {children}
      <Popover position="bottom-end" shadow="md" trapFocus>
        <Popover.Target>
          <Button
            variant="default"
            leftSection={<IconAdjustments size={16} />}
            rightSection={
              moreCount > 0 ? (
                <Badge size="xs" circle>
                  {moreCount}
                </Badge>
              ) : null
            }
            data-testid="filters-more"
          >
            {t("filters.more")}
          </Button>
        </Popover.Target>
        <Popover.Dropdown>
          <Stack gap="xs" w={280}>
            <Group grow gap="xs">
              <TextInput
                type="date"
                label={t("filters.createdFrom")}
                value={state.filters.createdFrom ?? ""}
                onChange={(e) => set("createdFrom", e.currentTarget.value)}
                data-testid="filter-created-from"
              />
              <TextInput
                type="date"
                label={t("filters.createdTo")}
                value={state.filters.createdTo ?? ""}
                onChange={(e) => set("createdTo", e.currentTarget.value)}
                data-testid="filter-created-to"
              />
            </Group>
            {filterable.map((field) => (
              <CustomFieldFilter
                key={field.key}
                field={field}
                value={state.filters[`cf.${field.key}`] ?? ""}
                onChange={(v) => set(`cf.${field.key}`, v)}
              />
            ))}
          </Stack>
        </Popover.Dropdown>
      </Popover>
      {filterCount(state) + (state.q ? 1 : 0) > 0 && (
        <Button
          variant="subtle"
          color="gray"
          leftSection={<IconFilterOff size={16} />}
          onClick={() => onChange({ ...state, q: "", filters: {} })}
          data-testid="filters-reset"
        >
          {t("filters.reset")}
        </Button>
      )}
    </Group>
  );
}
