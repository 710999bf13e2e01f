// A colour shown as a small swatch; clicking it opens swatches, a picker and a #rrggbb field. A picked
// swatch or a finished drag saves at once; "no colour" clears it.
import {
  ActionIcon,
  Button,
  ColorPicker,
  ColorSwatch,
  Group,
  Popover,
  Stack,
  TextInput,
} from "@mantine/core";
import { IconPalette } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";

export const SWATCHES = [
  "#868e96",
  "#fa5252",
  "#e64980",
  "#be4bdb",
  "#7950f2",
  "#4c6ef5",
  "#228be6",
  "#15aabf",
  "#12b886",
  "#40c057",
  "#82c91e",
  "#fab005",
  "#fd7e14",
  "#ff7a00",
];

const HEX = /^#[0-9a-fA-F]{6}$/;

/** The colour of a stage or a tag. `onSave` receives a valid #rrggbb, or null when cleared. */
export function ColorField({
  value,
  onSave,
  label,
  editable,
  testId,
}: {
  value: string | null;
  onSave: (color: string | null) => void;
  /** The accessible name of the button. */
  label: string;
  editable: boolean;
  testId?: string;
}) {
  const { t } = useTranslation("settings");
  const [opened, setOpened] = useState(false);
  const [draft, setDraft] = useState(value ?? "");
  const commit = (color: string | null) => {
    const next = color ? color.toLowerCase() : null;
    if (next !== null && !HEX.test(next)) return;
    if (next !== (value?.toLowerCase() ?? null)) onSave(next);
  };

  if (!editable) return value ? <ColorSwatch color={value} size={18} aria-label={value} /> : null;
  return (
    <Popover
      opened={opened}
      onChange={setOpened}
      position="bottom-start"
      withArrow
      trapFocus
      onOpen={() => setDraft(value ?? "")}
    >
      <Popover.Target>
        <ActionIcon
          variant="default"
          aria-label={label}
          onClick={() => setOpened((o) => !o)}
          data-testid={testId}
          data-color={value ?? ""}
        >
          {value ? <ColorSwatch color={value} size={18} /> : <IconPalette size={16} stroke={1.6} />}
        </ActionIcon>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs">
          <ColorPicker
            format="hex"
            swatches={SWATCHES}
            swatchesPerRow={7}
            value={HEX.test(draft) ? draft : "#868e96"}
            onChange={setDraft}
            onChangeEnd={(color) => {
              setDraft(color);
              commit(color);
            }}
          />
          <Group gap="xs" wrap="nowrap">
            <TextInput
              size="xs"
              w={110}
              value={draft}
              placeholder="#ff7a00"
              aria-label={t("colorHex")}
              error={draft !== "" && !HEX.test(draft)}
              onChange={(e) => setDraft(e.currentTarget.value.trim())}
              onKeyDown={(e) => {
                if (e.key === "Enter") {
                  e.preventDefault();
                  commit(draft);
                  setOpened(false);
                }
              }}
              onBlur={() => HEX.test(draft) && commit(draft)}
            />
            <Button
              size="xs"
              variant="subtle"
              color="gray"
              onClick={() => {
                commit(null);
                setOpened(false);
              }}
            >
              {t("noColor")}
            </Button>
          </Group>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
