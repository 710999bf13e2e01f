// A company's name by id (for the possible-duplicates notice).
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { companyKeys, fetchCompany } from "../api/companies.ts";

export function CompanyName({ id }: { id: string }) {
  const { t } = useTranslation("companies");
  const company = useQuery({
    queryKey: companyKeys.detail(id),
    queryFn: () => fetchCompany(id),
    staleTime: 60_000,
  });
  if (!company.data) return <>{company.isError ? t("unavailable") : "…"}</>;
  return <>{company.data.name}</>;
}
