// A row's icon button, named by its tooltip; red by default, as most of them remove something.
import { ActionIcon, Tooltip } from "@mantine/core";
import { IconTrash, type TablerIcon } from "@tabler/icons-react";

export function RowAction({
  label,
  ariaLabel,
  icon: Glyph = IconTrash,
  color = "red",
  onClick,
  testId,
}: {
  /** The tooltip. */
  label: string;
  /** What a screen reader says: the action and the row it is for. */
  ariaLabel: string;
  icon?: TablerIcon;
  color?: string;
  onClick: () => void;
  testId: string;
}) {
  return (
    <Tooltip label={label}>
      <ActionIcon
        variant="subtle"
        color={color}
        aria-label={ariaLabel}
        onClick={onClick}
        data-testid={testId}
      >
        <Glyph size={18} />
      </ActionIcon>
    </Tooltip>
  );
}
