import { SegmentedControl } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { type Lang, setLang } from "../i18n/index.ts";

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <SegmentedControl
      size="xs"
      aria-label={t("lang.label")}
      value={i18n.language === "en" ? "en" : "ru"}
      onChange={(value) => void setLang(value as Lang)}
      data={[
        { value: "ru", label: "RU" },
        { value: "en", label: "EN" },
      ]}
    />
  );
}
