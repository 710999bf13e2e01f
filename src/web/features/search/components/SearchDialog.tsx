// The search dialog: type, walk the results with the arrow keys, open one with Enter (or a click).
import { Alert, Center, Group, Kbd, Loader, Modal, ScrollArea, Text, TextInput } from "@mantine/core";
import { useDebouncedValue, useId } from "@mantine/hooks";
import { IconSearch } from "@tabler/icons-react";
import { type KeyboardEvent, type ReactNode, type RefObject, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { ApiError } from "../../../lib/api.ts";
import { errorText } from "../../../lib/errors.ts";
import { useSearch } from "../api/search.ts";
import {
  flattenGroups,
  groupResults,
  isSearchable,
  MAX_QUERY_LENGTH,
  MIN_QUERY_LENGTH,
  moveSelection,
  resultPath,
  type SearchResult,
} from "../results.ts";
import { optionId, SearchResultList } from "./SearchResultList.tsx";

/** Wait this long after the last keystroke before asking the server. */
const DEBOUNCE_MS = 200;

function Message({ children, testId }: { children: string; testId: string }) {
  return (
    <Text c="dimmed" size="sm" ta="center" py="lg" px="md" data-testid={testId}>
      {children}
    </Text>
  );
}

/**
 * The dialog opens without a transition, so that its field exists (and takes focus, see GlobalSearch) in
 * the same moment as the shortcut: what is typed right after Ctrl+K is never lost.
 */
export function SearchDialog({
  opened,
  onClose,
  fullScreen,
  inputRef,
}: {
  opened: boolean;
  onClose: () => void;
  fullScreen: boolean;
  inputRef: RefObject<HTMLInputElement | null>;
}) {
  const { t } = useTranslation("search");
  const navigate = useNavigate();
  const listId = useId();
  const [query, setQuery] = useState("");
  const [debounced] = useDebouncedValue(query, DEBOUNCE_MS);
  const search = useSearch(debounced);
  const data = search.data;
  const groups = useMemo(() => groupResults(data ?? []), [data]);
  const flat = useMemo(() => flattenGroups(groups), [groups]);
  // The selection belongs to one list of results: new results start again at the first one.
  const [selection, setSelection] = useState({ list: flat, index: 0 });
  const selectedIndex = selection.list === flat ? selection.index : flat.length > 0 ? 0 : -1;
  const selected = flat[selectedIndex];

  const close = () => {
    setQuery("");
    onClose();
  };
  const open = (result: SearchResult) => {
    close();
    navigate(resultPath(result));
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      setSelection({
        list: flat,
        index: moveSelection(selectedIndex, event.key === "ArrowDown" ? 1 : -1, flat.length),
      });
    } else if (event.key === "Enter" && !event.nativeEvent.isComposing) {
      event.preventDefault();
      if (selected && isSearchable(query)) open(selected);
    }
  };

  const searchable = isSearchable(query);
  const showList = searchable && !search.isError && flat.length > 0;
  let body: ReactNode;
  if (!searchable) {
    body = <Message testId="search-hint">{t("hint", { count: MIN_QUERY_LENGTH })}</Message>;
  } else if (search.isError) {
    const tooLong = search.error instanceof ApiError && search.error.status === 422;
    body = (
      <Alert color="red" role="alert" data-testid="search-error">
        {tooLong ? t("tooLong", { max: MAX_QUERY_LENGTH }) : errorText(search.error, t)}
      </Alert>
    );
  } else if (
    !data ||
    (flat.length === 0 && (search.isPlaceholderData || query.trim() !== debounced.trim()))
  ) {
    body = (
      <Center py="lg">
        <Loader size="sm" aria-label={t("state.loading", { ns: "common" })} />
      </Center>
    );
  } else if (flat.length === 0) {
    body = <Message testId="search-empty">{t("nothing", { query: debounced.trim() })}</Message>;
  } else {
    body = (
      <SearchResultList
        listId={listId}
        groups={groups}
        selectedIndex={selectedIndex}
        query={debounced}
        dimmed={search.isPlaceholderData}
        onSelect={(index) => setSelection({ list: flat, index })}
        onOpen={open}
      />
    );
  }

  return (
    <Modal
      opened={opened}
      onClose={close}
      title={t("title")}
      size="lg"
      fullScreen={fullScreen}
      yOffset="8vh"
      transitionProps={{ duration: 0 }}
      returnFocus
    >
      <TextInput
        ref={inputRef}
        data-autofocus
        data-testid="search-input"
        value={query}
        onChange={(e) => setQuery(e.currentTarget.value)}
        onKeyDown={onKeyDown}
        placeholder={t("placeholder")}
        aria-label={t("inputLabel")}
        leftSection={<IconSearch size={16} />}
        rightSection={search.isFetching ? <Loader size="xs" /> : null}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={showList}
        aria-controls={showList ? listId : undefined}
        aria-activedescendant={showList && selected ? optionId(listId, selected) : undefined}
        autoComplete="off"
        spellCheck={false}
        mb="sm"
      />
      <ScrollArea.Autosize mah={fullScreen ? "calc(100dvh - 150px)" : "60vh"} type="auto">
        {body}
      </ScrollArea.Autosize>
      <Group gap="md" justify="center" mt="sm" visibleFrom="sm">
        <Text size="xs" c="dimmed">
          <Kbd size="xs">↑</Kbd> <Kbd size="xs">↓</Kbd> {t("keys.move")}
        </Text>
        <Text size="xs" c="dimmed">
          <Kbd size="xs">Enter</Kbd> {t("keys.open")}
        </Text>
        <Text size="xs" c="dimmed">
          <Kbd size="xs">Esc</Kbd> {t("keys.close")}
        </Text>
      </Group>
    </Modal>
  );
}
