// A due date-time picker in the person's language, weeks from Monday, with the quick choices.
import "@mantine/dates/styles.css";
import { DatesProvider, DateTimePicker } from "@mantine/dates";
import { useTranslation } from "react-i18next";
import { QUICK_DUES, quickDue, toPickerValue } from "../dates.ts";

interface DueInputProps {
  value: string | null;
  onChange: (value: string | null) => void;
  error?: string | undefined;
  label?: string;
  /** The due moment the quick choices keep the time of day from. */
  current?: string | null;
  autoFocus?: boolean;
}

export function DueInput({ value, onChange, error, label, current = null, autoFocus }: DueInputProps) {
  const { t, i18n } = useTranslation("tasks");
  const presets = QUICK_DUES.map((choice) => ({
    value: toPickerValue(quickDue(choice, current).toISOString()),
    label: t(`quick.${choice}`),
  }));
  return (
    <DatesProvider settings={{ locale: i18n.language === "en" ? "en-gb" : "ru", firstDayOfWeek: 1 }}>
      <DateTimePicker
        label={label ?? t("fields.dueAt")}
        placeholder={t("fields.duePlaceholder")}
        value={value}
        onChange={(v) => onChange(v)}
        valueFormat="DD.MM.YYYY HH:mm"
        clearable
        presets={presets}
        error={error}
        data-autofocus={autoFocus || undefined}
        submitButtonProps={{ "aria-label": t("fields.dueApply") }}
      />
    </DatesProvider>
  );
}
