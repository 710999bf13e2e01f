// The admin page's sections and paging, as plain functions.

export const SECTIONS = ["users", "workspaces"] as const;
export type AdminSection = (typeof SECTIONS)[number];

/** The section named in the URL; no name means users, an unknown one is null (shown as "not found"). */
export function sectionOf(param: string | undefined): AdminSection | null {
  if (!param) return "users";
  return (SECTIONS as readonly string[]).includes(param) ? (param as AdminSection) : null;
}

/** How many pages a total makes (at least one, so the pager never shows zero). */
export const pageCount = (total: number, limit: number) => Math.max(1, Math.ceil(total / Math.max(1, limit)));

/** "26–50 of 120": the first and last row numbers shown on a page. */
export function pageRange(page: number, limit: number, shown: number): { from: number; to: number } {
  if (shown <= 0) return { from: 0, to: 0 };
  const from = (page - 1) * limit + 1;
  return { from, to: from + shown - 1 };
}
