// The header's search: a button (icon only on a phone) and Ctrl+K / ⌘K, both opening the search dialog.
// It is part of the first load, so it stays small: the dialog renders nothing until it is opened.
import { ActionIcon, Button, Kbd } from "@mantine/core";
import { useDisclosure, useHotkeys, useMediaQuery, useOs } from "@mantine/hooks";
import { IconSearch } from "@tabler/icons-react";
import { useRef } from "react";
import { flushSync } from "react-dom";
import { useTranslation } from "react-i18next";
import { SearchDialog } from "./components/SearchDialog.tsx";

/** Below Mantine's `sm` breakpoint (48em) the header has room for an icon only. */
const PHONE = "(max-width: 47.99em)";

export function GlobalSearch() {
  const { t } = useTranslation("search");
  const [opened, { open: show, close }] = useDisclosure(false);
  const inputRef = useRef<HTMLInputElement>(null);
  // Rendered and focused before the next key arrives, so a quickly typed query keeps its first letters.
  const open = () => {
    flushSync(show);
    inputRef.current?.focus();
  };
  const phone = useMediaQuery(PHONE, false, { getInitialValueInEffect: false });
  const os = useOs({ getValueInEffect: false });
  const mac = os === "macos" || os === "ios";
  const shortcut = mac ? "⌘K" : "Ctrl+K";
  // Also from inside a text field: the shortcut is how people reach search without the mouse.
  useHotkeys([["mod+K", open]], []);

  return (
    <>
      {phone ? (
        <ActionIcon
          variant="default"
          size="lg"
          onClick={open}
          aria-label={t("openLabel", { shortcut })}
          aria-keyshortcuts={mac ? "Meta+K" : "Control+K"}
          data-testid="search-open"
        >
          <IconSearch size={18} stroke={1.6} />
        </ActionIcon>
      ) : (
        <Button
          variant="default"
          fw={400}
          c="dimmed"
          w={{ sm: 200, md: 260 }}
          justify="space-between"
          styles={{ label: { flex: 1 } }}
          leftSection={<IconSearch size={16} stroke={1.6} />}
          rightSection={<Kbd size="xs">{shortcut}</Kbd>}
          onClick={open}
          aria-label={t("openLabel", { shortcut })}
          aria-keyshortcuts={mac ? "Meta+K" : "Control+K"}
          data-testid="search-open"
        >
          {t("open")}
        </Button>
      )}
      <SearchDialog opened={opened} onClose={close} fullScreen={phone} inputRef={inputRef} />
    </>
  );
}
