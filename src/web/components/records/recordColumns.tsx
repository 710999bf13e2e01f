// Columns every record list has: the first phone and e-mail, the owner, tags, dates and custom fields.
import { Text } from "@mantine/core";
import { formatDate } from "../../lib/format.ts";
import type { CustomField } from "../../lib/session.ts";
import { CustomFieldValue } from "./CustomFieldValue.tsx";
import { MemberName, TagBadges } from "./display.tsx";
import { EmailLinks, PhoneLinks } from "./Points.tsx";
import type { Column } from "./RecordTable.tsx";

interface CommonRecord {
  phones: { number: string; type: string }[];
  emails: { email: string; type: string }[];
  ownerId: string | null;
  tagIds: string[];
  createdAt: string;
  updatedAt: string;
}

/** "+2" after the first of several phones or e-mails. */
function More({ count }: { count: number }) {
  return count > 1 ? (
    <Text span size="xs" c="dimmed">
      {" "}
      +{count - 1}
    </Text>
  ) : null;
}

/** The shared columns by key, for a kind to place among its own; `t` reads the kind's `fields.<key>`. */
export function commonColumns<T extends CommonRecord>(t: (key: string) => string, lang: string) {
  const label = (key: string) => ({ key, label: t(`fields.${key}`) });
  const date = (key: "createdAt" | "updatedAt"): Column<T> => ({
    ...label(key),
    sort: key,
    render: (r) => formatDate(r[key], lang),
  });
  return {
    phone: {
      ...label("phone"),
      render: (r) =>
        r.phones[0] ? (
          <>
            <PhoneLinks phones={r.phones.slice(0, 1)} withType={false} />
            <More count={r.phones.length} />
          </>
        ) : null,
    },
    email: {
      ...label("email"),
      render: (r) =>
        r.emails[0] ? (
          <>
            <EmailLinks emails={r.emails.slice(0, 1)} withType={false} />
            <More count={r.emails.length} />
          </>
        ) : null,
    },
    owner: { ...label("owner"), render: (r) => <MemberName id={r.ownerId} /> },
    tags: { ...label("tags"), render: (r) => <TagBadges ids={r.tagIds} /> },
    createdAt: date("createdAt"),
    updatedAt: date("updatedAt"),
  } satisfies Record<string, Column<T>>;
}

/** One sortable column per custom field, after the kind's own. */
export function customFieldColumns<T extends { customFields: Record<string, unknown> }>(
  fields: readonly CustomField[],
  currency: string,
): Column<T>[] {
  return fields.map((field) => ({
    key: `cf.${field.key}`,
    label: field.label,
    sort: `cf.${field.key}`,
    render: (r) => <CustomFieldValue field={field} value={r.customFields[field.key]} currency={currency} />,
  }));
}
