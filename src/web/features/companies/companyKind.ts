// Companies as the shared record pages see them.
import type { RecordKind } from "../../components/records/recordKind.ts";
import { type Company, companyApi, companyKeys } from "./api/companies.ts";
import { type CompanyBody, type CompanyFormValues, companyToForm, emptyCompanyForm } from "./companyForm.ts";
import { CompanyForm } from "./components/CompanyForm.tsx";
import { CompanyName } from "./components/CompanyName.tsx";

export const companyKind: RecordKind<Company, CompanyFormValues, CompanyBody> = {
  entity: "company",
  plural: "companies",
  keys: companyKeys,
  api: companyApi,
  title: (company) => company.name,
  Name: CompanyName,
  form: { Form: CompanyForm, toForm: companyToForm, empty: emptyCompanyForm },
};
