// Small read-only pieces of record pages: a member's name, tag badges, source name, label/value rows.
import { Badge, Group, SimpleGrid, Stack, Text } from "@mantine/core";
import type { ReactNode } from "react";
import { useMembers, useSources, useTags } from "../../lib/session.ts";

export function MemberName({ id, fallback = "—" }: { id: string | null | undefined; fallback?: string }) {
  const members = useMembers();
  if (!id) return <>{fallback}</>;
  const member = members.data?.find((m) => m.userId === id);
  return <>{member ? member.name || member.email : fallback}</>;
}

export function SourceName({ id }: { id: string | null | undefined }) {
  const sources = useSources();
  if (!id) return <>—</>;
  return <>{sources.data?.find((s) => s.id === id)?.name ?? "—"}</>;
}

export function TagBadges({ ids }: { ids: string[] }) {
  const tags = useTags();
  if (ids.length === 0) return null;
  return (
    <Group gap={4}>
      {ids.map((id) => {
        const tag = tags.data?.find((t) => t.id === id);
        if (!tag) return null;
        return (
          <Badge key={id} size="sm" variant="light" color={tag.color ?? "gray"} data-testid="tag-badge">
            {tag.name}
          </Badge>
        );
      })}
    </Group>
  );
}

/** Label/value pairs, two columns from a tablet up. */
export function InfoGrid({ children, testId }: { children: ReactNode; testId?: string }) {
  // The card's side column is narrow on a laptop: one column there, two where there is room.
  return (
    <SimpleGrid
      cols={{ base: 1, xs: 2, md: 1, xl: 2 }}
      spacing="sm"
      verticalSpacing="sm"
      data-testid={testId}
    >
      {children}
    </SimpleGrid>
  );
}

/** One label above its value; an empty value shows a dash. */
export function Info({ label, children, testId }: { label: string; children?: ReactNode; testId?: string }) {
  const empty = children === null || children === undefined || children === false || children === "";
  return (
    <Stack gap={0} data-testid={testId}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <div style={{ fontSize: "var(--mantine-font-size-sm)", overflowWrap: "anywhere" }}>
        {empty ? (
          <Text span c="dimmed" size="sm">
            —
          </Text>
        ) : (
          children
        )}
      </div>
    </Stack>
  );
}
