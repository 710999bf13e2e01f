// "New company": the form in a drawer (full screen on a phone).
import { Drawer } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { notifyDone } from "../../../components/notify.ts";
import { Loading } from "../../../components/QueryState.tsx";
import { useCustomFields, useSession } from "../../../lib/session.ts";
import { companyKeys, createCompany, type SavedCompany } from "../api/companies.ts";
import { emptyCompanyForm } from "../companyForm.ts";
import { CompanyForm } from "./CompanyForm.tsx";

export function CompanyCreateDrawer({
  opened,
  onClose,
  onCreated,
}: {
  opened: boolean;
  onClose: () => void;
  onCreated: (company: SavedCompany) => void;
}) {
  const { t } = useTranslation("companies");
  const { user } = useSession();
  const client = useQueryClient();
  const phone = useMediaQuery("(max-width: 48em)");
  const customFields = useCustomFields();
  // Each opening starts a fresh form (a drawer reopened while it is still closing keeps its children).
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    if (opened) setGeneration((g) => g + 1);
  }, [opened]);
  const fields = (customFields.data ?? [])
    .filter((f) => f.entity === "company")
    .sort((a, b) => a.position - b.position);
  return (
    <Drawer
      opened={opened}
      onClose={onClose}
      title={t("create.title")}
      position="right"
      size={phone ? "100%" : "xl"}
      closeButtonProps={{ "aria-label": t("close") }}
    >
      {customFields.isPending ? (
        <Loading />
      ) : (
        <CompanyForm
          key={generation}
          initialValues={emptyCompanyForm(user.id, fields)}
          fields={fields}
          submitLabel={t("create.submit")}
          onCancel={onClose}
          onSubmit={async (body) => {
            const company = await createCompany(body);
            await client.invalidateQueries({ queryKey: companyKeys.all });
            notifyDone(t("create.done"));
            onCreated(company);
            onClose();
          }}
        />
      )}
    </Drawer>
  );
}
