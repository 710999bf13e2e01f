// The dashboard's period: this month, the last three months, this year, or dates picked by hand.
import "@mantine/dates/styles.css";
import { Group, SegmentedControl } from "@mantine/core";
import { DatePickerInput, DatesProvider } from "@mantine/dates";
import { IconCalendar } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { type PeriodChoice, PRESETS } from "../period.ts";

export function PeriodFilter({
  choice,
  custom,
  onChoice,
  onCustom,
}: {
  choice: PeriodChoice;
  custom: [string | null, string | null];
  onChoice: (choice: PeriodChoice) => void;
  onCustom: (range: [string | null, string | null]) => void;
}) {
  const { t, i18n } = useTranslation("dashboard");
  return (
    <Group gap="xs" wrap="wrap" w={{ base: "100%", sm: "auto" }}>
      <SegmentedControl
        size="xs"
        value={choice}
        onChange={(value) => onChoice(value as PeriodChoice)}
        data={[...PRESETS, "custom" as const].map((value) => ({ value, label: t(`period.${value}`) }))}
        aria-label={t("period.label")}
        fullWidth
        w={{ base: "100%", sm: "auto" }}
        data-testid="dashboard-period"
      />
      {choice === "custom" && (
        <DatesProvider settings={{ locale: i18n.language === "en" ? "en-gb" : "ru", firstDayOfWeek: 1 }}>
          <DatePickerInput
            type="range"
            size="xs"
            value={custom}
            onChange={(range) => onCustom([range[0] ?? null, range[1] ?? null])}
            allowSingleDateInRange
            clearable
            valueFormat="D MMM YYYY"
            placeholder={t("period.pick")}
            aria-label={t("period.pick")}
            leftSection={<IconCalendar size={14} />}
            w={{ base: "100%", sm: 240 }}
            data-testid="dashboard-period-range"
          />
        </DatesProvider>
      )}
    </Group>
  );
}
