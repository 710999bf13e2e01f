// The column choice: a menu of checkboxes, one per column the list can show.
import { Button, Checkbox, Menu, ScrollArea, Stack } from "@mantine/core";
import { IconColumns } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";

export function ColumnsMenu({
  columns,
  visible,
  always = [],
  onToggle,
}: {
  columns: { key: string; label: string }[];
  visible: readonly string[];
  always?: readonly string[];
  onToggle: (key: string) => void;
}) {
  const { t } = useTranslation("records");
  return (
    <Menu closeOnItemClick={false} position="bottom-end" shadow="md" withinPortal>
      <Menu.Target>
        <Button variant="default" leftSection={<IconColumns size={16} />} data-testid="columns-menu">
          {t("columns.button")}
        </Button>
      </Menu.Target>
      <Menu.Dropdown data-testid="columns-menu-dropdown">
        <Menu.Label>{t("columns.title")}</Menu.Label>
        <ScrollArea.Autosize mah={360} type="auto">
          <Stack gap="xs" p="xs">
            {columns.map((column) => (
              <Checkbox
                key={column.key}
                label={column.label}
                checked={visible.includes(column.key)}
                disabled={always.includes(column.key)}
                onChange={() => onToggle(column.key)}
                data-testid={`column-toggle-${column.key}`}
              />
            ))}
          </Stack>
        </ScrollArea.Autosize>
      </Menu.Dropdown>
    </Menu>
  );
}
