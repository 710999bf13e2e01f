// The grouped result list of the search dialog: a listbox driven from the input (arrows + Enter).
import { Box, Group, Highlight, Stack, Text, ThemeIcon } from "@mantine/core";
import { IconAddressBook, IconBuilding, IconLayoutKanban } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { describeSubtitle, type ResultGroup, type SearchKind, type SearchResult } from "../results.ts";

const ICONS: Record<SearchKind, typeof IconAddressBook> = {
  contact: IconAddressBook,
  company: IconBuilding,
  deal: IconLayoutKanban,
};

/** The DOM id of a result option, for the input's aria-activedescendant. */
export const optionId = (listId: string, r: SearchResult) => `${listId}-${r.type}-${r.id}`;

function ResultOption({
  result,
  id,
  selected,
  words,
  onSelect,
  onOpen,
}: {
  result: SearchResult;
  id: string;
  selected: boolean;
  words: string[];
  onSelect: () => void;
  onOpen: () => void;
}) {
  const { t, i18n } = useTranslation("search");
  const subtitle = describeSubtitle(result, i18n.language);
  const Icon = ICONS[result.type];
  return (
    <Box
      id={id}
      role="option"
      aria-selected={selected}
      data-testid="search-result"
      data-kind={result.type}
      data-selected={selected || undefined}
      ref={selected ? (el: HTMLDivElement | null) => el?.scrollIntoView({ block: "nearest" }) : undefined}
      onMouseMove={selected ? undefined : onSelect}
      onClick={onOpen}
      px="sm"
      py={6}
      style={{
        cursor: "pointer",
        borderRadius: "var(--mantine-radius-sm)",
        background: selected ? "var(--mantine-primary-color-light)" : undefined,
      }}
    >
      <Group gap="sm" wrap="nowrap">
        <ThemeIcon variant="light" color="gray" size="md" aria-hidden>
          <Icon size={16} stroke={1.6} />
        </ThemeIcon>
        <Box miw={0}>
          <Highlight highlight={words} size="sm" fw={500} truncate>
            {result.title}
          </Highlight>
          {subtitle && (
            <Text size="xs" c="dimmed" truncate>
              {subtitle.kind === "inn" ? t("inn", { inn: subtitle.text }) : subtitle.text}
            </Text>
          )}
        </Box>
      </Group>
    </Box>
  );
}

/** Groups with their headings; `selectedIndex` counts across groups, in the order shown. */
export function SearchResultList({
  listId,
  groups,
  selectedIndex,
  query,
  dimmed,
  onSelect,
  onOpen,
}: {
  listId: string;
  groups: ResultGroup[];
  selectedIndex: number;
  query: string;
  dimmed: boolean;
  onSelect: (index: number) => void;
  onOpen: (result: SearchResult) => void;
}) {
  const { t } = useTranslation("search");
  const words = query.trim().split(/\s+/).filter(Boolean);
  let index = 0;
  return (
    <Stack
      id={listId}
      role="listbox"
      aria-label={t("resultsLabel")}
      gap="xs"
      style={{ opacity: dimmed ? 0.6 : 1, transition: "opacity 120ms" }}
    >
      {groups.map((group) => (
        <Box key={group.kind} role="group" aria-labelledby={`${listId}-${group.kind}`}>
          <Text id={`${listId}-${group.kind}`} size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" mb={2}>
            {t(`groups.${group.kind}`)}
          </Text>
          {group.items.map((result) => {
            const i = index++;
            return (
              <ResultOption
                key={`${result.type}-${result.id}`}
                id={optionId(listId, result)}
                result={result}
                selected={i === selectedIndex}
                words={words}
                onSelect={() => onSelect(i)}
                onOpen={() => onOpen(result)}
              />
            );
          })}
        </Box>
      ))}
    </Stack>
  );
}
