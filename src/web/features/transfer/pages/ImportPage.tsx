// Import and export: the import wizard with the recent imports under it, and the export beside it.
import { Grid, Stack } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { PageHeader } from "../../../components/PageHeader.tsx";
import { ExportPanel } from "../components/ExportPanel.tsx";
import { ImportWizard } from "../components/ImportWizard.tsx";
import { RecentImports } from "../components/RecentImports.tsx";

export default function ImportPage() {
  const { t } = useTranslation("transfer");
  return (
    <Stack gap="md">
      <PageHeader title={t("title")} />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <ImportWizard />
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <ExportPanel />
        </Grid.Col>
      </Grid>
      <RecentImports />
    </Stack>
  );
}
