// A task's menu: quick reschedules, a picked date, another assignee, edit and delete.
import { ActionIcon, Menu } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import {
  IconCalendarEvent,
  IconCalendarPlus,
  IconDots,
  IconPencil,
  IconTrash,
  IconUserShare,
} from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { useSession } from "../../../lib/session.ts";
import type { Task } from "../api/tasks.ts";
import type { useTaskActions } from "../api/useTaskActions.ts";
import { QUICK_DUES, quickDue } from "../dates.ts";
import { DeleteModal, ReassignModal, RescheduleModal } from "./TaskDialogs.tsx";

interface TaskMenuProps {
  task: Task;
  actions: ReturnType<typeof useTaskActions>;
  onEdit: (task: Task) => void;
}

export function TaskMenu({ task, actions, onEdit }: TaskMenuProps) {
  const { t } = useTranslation("tasks");
  const { can } = useSession();
  const [reschedule, rescheduleModal] = useDisclosure();
  const [reassign, reassignModal] = useDisclosure();
  const [remove, removeModal] = useDisclosure();
  const mayUpdate = can("records.update");
  return (
    <>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <ActionIcon
            variant="subtle"
            color="gray"
            aria-label={t("row.menu", { title: task.title })}
            data-testid={`task-menu-${task.id}`}
          >
            <IconDots size={18} />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          {mayUpdate && (
            <>
              <Menu.Label>{t("reschedule.label")}</Menu.Label>
              {QUICK_DUES.map((choice) => (
                <Menu.Item
                  key={choice}
                  leftSection={<IconCalendarPlus size={16} />}
                  onClick={() => void actions.reschedule(task, quickDue(choice, task.dueAt))}
                  data-testid={`task-quick-${choice}-${task.id}`}
                >
                  {t(`quick.${choice}`)}
                </Menu.Item>
              ))}
              <Menu.Item leftSection={<IconCalendarEvent size={16} />} onClick={rescheduleModal.open}>
                {t("reschedule.pick")}
              </Menu.Item>
              <Menu.Divider />
              <Menu.Item
                leftSection={<IconUserShare size={16} />}
                onClick={reassignModal.open}
                data-testid={`task-reassign-${task.id}`}
              >
                {t("reassign.action")}
              </Menu.Item>
              <Menu.Item
                leftSection={<IconPencil size={16} />}
                onClick={() => onEdit(task)}
                data-testid={`task-edit-${task.id}`}
              >
                {t("actions.edit", { ns: "common" })}
              </Menu.Item>
            </>
          )}
          {can("records.delete") && (
            <Menu.Item
              color="red"
              leftSection={<IconTrash size={16} />}
              onClick={removeModal.open}
              data-testid={`task-delete-${task.id}`}
            >
              {t("actions.delete", { ns: "common" })}
            </Menu.Item>
          )}
        </Menu.Dropdown>
      </Menu>
      <RescheduleModal
        task={task}
        opened={reschedule}
        onClose={rescheduleModal.close}
        onSave={(due) => actions.reschedule(task, due)}
      />
      <ReassignModal
        task={task}
        opened={reassign}
        onClose={reassignModal.close}
        onSave={(id) => actions.reassign(task, id)}
      />
      <DeleteModal
        task={task}
        opened={remove}
        onClose={removeModal.close}
        onConfirm={() => actions.remove(task)}
      />
    </>
  );
}
