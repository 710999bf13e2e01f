// The deal's line items (products from the accounting system or free text) with their total, editable by
// those who may change records; saving makes the total the deal's amount. Below, the MoySklad and 1C
// orders linked to the deal: number, state, sum and whether it is paid.
import {
  ActionIcon,
  Badge,
  Button,
  Card,
  Group,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconPencil, IconPlus, IconX } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { notifyDone, notifyError } from "../../../components/notify.ts";
import { QueryState } from "../../../components/QueryState.tsx";
import { formatDateTime, formatMoney, formatNumber } from "../../../lib/format.ts";
import { useSession } from "../../../lib/session.ts";
import { useDealItems, useProductSearch, useSaveDealItems } from "../api/items.ts";
import type { Deal } from "../api/types.ts";
import {
  type DealItem,
  draftFromProduct,
  draftOf,
  draftSum,
  draftTotal,
  emptyDraft,
  type ItemDraft,
  type DealItems as Items,
  type LinkedOrder,
  parseLine,
  sameAsSaved,
  toItemsBody,
} from "../items.ts";

export function DealItems({ deal }: { deal: Deal }) {
  const { t } = useTranslation("deals");
  const items = useDealItems(deal.id);
  return (
    <Card withBorder padding="md" data-testid="deal-items">
      <Stack gap="sm">
        <Title order={3} size="h5">
          {t("items.title")}
        </Title>
        <QueryState query={items}>{(data) => <ItemsView deal={deal} data={data} />}</QueryState>
      </Stack>
    </Card>
  );
}

function ItemsView({ deal, data }: { deal: Deal; data: Items }) {
  const { t, i18n } = useTranslation("deals");
  const { can } = useSession();
  const save = useSaveDealItems(deal.id);
  const [drafts, setDrafts] = useState<ItemDraft[] | null>(null);
  const mayUpdate = can("records.update");
  const money = (minor: number) => formatMoney(minor, deal.currency, i18n.language);
  const editing = drafts !== null;
  const start = () => data.items.map(draftOf);
  const add = (line: ItemDraft) => setDrafts((d) => [...(d ?? start()), line]);
  const change = (key: string, patch: Partial<ItemDraft>) =>
    setDrafts((d) => (d ?? []).map((line) => (line.key === key ? { ...line, ...patch } : line)));
  const remove = (key: string) => setDrafts((d) => (d ?? start()).filter((line) => line.key !== key));

  const submit = () => {
    if (!drafts) return;
    const body = toItemsBody(drafts);
    if (!body) return;
    save.mutate(body, {
      onSuccess: () => {
        setDrafts(null);
        notifyDone(t("items.saved"));
      },
      onError: (err) => notifyError(err, t),
    });
  };
  const valid = drafts ? toItemsBody(drafts) !== null : true;
  const unchanged = drafts ? sameAsSaved(drafts, data.items) : true;

  return (
    <Stack gap="sm">
      {!editing && data.items.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="deal-items-empty">
          {t("items.empty")}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={editing ? 640 : 480}>
          <Table verticalSpacing={4} fz="sm" data-testid="deal-items-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("items.columns.name")}</Table.Th>
                <Table.Th w={editing ? 90 : undefined} ta="right">
                  {t("items.columns.quantity")}
                </Table.Th>
                <Table.Th w={editing ? 120 : undefined} ta="right">
                  {t("items.columns.price")}
                </Table.Th>
                <Table.Th w={editing ? 80 : undefined} ta="right">
                  {t("items.columns.discount")}
                </Table.Th>
                <Table.Th ta="right">{t("items.columns.sum")}</Table.Th>
                {editing && <Table.Th w={36} aria-label={t("items.remove")} />}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {editing
                ? drafts.map((line) => (
                    <EditRow
                      key={line.key}
                      line={line}
                      money={money}
                      onChange={(patch) => change(line.key, patch)}
                      onRemove={() => remove(line.key)}
                    />
                  ))
                : data.items.map((item) => <ItemRow key={item.id} item={item} money={money} />)}
            </Table.Tbody>
            <Table.Tfoot>
              <Table.Tr>
                <Table.Th colSpan={4}>{t("items.total")}</Table.Th>
                <Table.Th ta="right" data-testid="deal-items-total">
                  {money(editing ? draftTotal(drafts) : data.totalMinor)}
                </Table.Th>
                {editing && <Table.Th />}
              </Table.Tr>
            </Table.Tfoot>
          </Table>
        </Table.ScrollContainer>
      )}

      {mayUpdate && (
        <Group gap="xs" align="flex-start">
          <ProductPicker onPick={(line) => add(line)} />
          <Button
            variant="subtle"
            size="sm"
            leftSection={<IconPlus size={14} />}
            onClick={() => add(emptyDraft())}
            data-testid="deal-items-add-free"
          >
            {t("items.addFree")}
          </Button>
          {!editing && data.items.length > 0 && (
            <Button
              variant="subtle"
              color="gray"
              size="sm"
              leftSection={<IconPencil size={14} />}
              onClick={() => setDrafts(start())}
              data-testid="deal-items-edit"
            >
              {t("actions.edit", { ns: "common" })}
            </Button>
          )}
        </Group>
      )}
      {editing && (
        <Group justify="flex-end" gap="xs">
          <Text size="xs" c="dimmed" mr="auto">
            {t("items.amountHint")}
          </Text>
          <Button variant="default" size="xs" onClick={() => setDrafts(null)}>
            {t("actions.cancel", { ns: "common" })}
          </Button>
          <Button
            size="xs"
            loading={save.isPending}
            disabled={!valid || unchanged}
            onClick={submit}
            data-testid="deal-items-save"
          >
            {t("actions.save", { ns: "common" })}
          </Button>
        </Group>
      )}

      {data.orders.length > 0 && <LinkedOrders orders={data.orders} currency={deal.currency} />}
    </Stack>
  );
}

function ItemRow({ item, money }: { item: DealItem; money: (minor: number) => string }) {
  const { i18n } = useTranslation("deals");
  return (
    <Table.Tr data-testid={`deal-item-${item.id}`}>
      <Table.Td>{item.name}</Table.Td>
      <Table.Td ta="right">{formatNumber(item.quantity, i18n.language)}</Table.Td>
      <Table.Td ta="right">{money(item.priceMinor)}</Table.Td>
      <Table.Td ta="right">
        {item.discount ? `${formatNumber(item.discount, i18n.language)} %` : "—"}
      </Table.Td>
      <Table.Td ta="right">{money(item.sumMinor)}</Table.Td>
    </Table.Tr>
  );
}

function EditRow({
  line,
  money,
  onChange,
  onRemove,
}: {
  line: ItemDraft;
  money: (minor: number) => string;
  onChange: (patch: Partial<ItemDraft>) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation("deals");
  const parsed = parseLine(line);
  const errors = "errors" in parsed ? parsed.errors : {};
  // A new empty line is not an error until something is typed in it.
  const shown = (field: keyof ItemDraft) => (errors[field] && line[field] !== "" ? true : undefined);
  const sum = draftSum(line);
  return (
    <Table.Tr data-testid="deal-item-edit">
      <Table.Td>
        <TextInput
          size="xs"
          value={line.name}
          aria-label={t("items.columns.name")}
          error={line.name !== "" && errors.name ? t(errors.name) : undefined}
          placeholder={t("items.namePlaceholder")}
          data-testid="deal-item-name"
          onChange={(e) => onChange({ name: e.currentTarget.value })}
        />
      </Table.Td>
      <Table.Td>
        <TextInput
          size="xs"
          inputMode="decimal"
          value={line.quantity}
          aria-label={t("items.columns.quantity")}
          error={shown("quantity")}
          title={errors.quantity ? t(errors.quantity) : undefined}
          styles={{ input: { textAlign: "right" } }}
          data-testid="deal-item-quantity"
          onChange={(e) => onChange({ quantity: e.currentTarget.value })}
        />
      </Table.Td>
      <Table.Td>
        <TextInput
          size="xs"
          inputMode="decimal"
          value={line.price}
          placeholder="0"
          aria-label={t("items.columns.price")}
          error={shown("price")}
          title={errors.price ? t(errors.price) : undefined}
          styles={{ input: { textAlign: "right" } }}
          data-testid="deal-item-price"
          onChange={(e) => onChange({ price: e.currentTarget.value })}
        />
      </Table.Td>
      <Table.Td>
        <TextInput
          size="xs"
          inputMode="decimal"
          value={line.discount}
          placeholder="0"
          aria-label={t("items.columns.discount")}
          error={shown("discount")}
          title={errors.discount ? t(errors.discount) : undefined}
          styles={{ input: { textAlign: "right" } }}
          data-testid="deal-item-discount"
          onChange={(e) => onChange({ discount: e.currentTarget.value })}
        />
      </Table.Td>
      <Table.Td ta="right" data-testid="deal-item-sum">
        {sum === null ? "—" : money(sum)}
      </Table.Td>
      <Table.Td>
        <ActionIcon variant="subtle" color="gray" size="sm" aria-label={t("items.remove")} onClick={onRemove}>
          <IconX size={14} />
        </ActionIcon>
      </Table.Td>
    </Table.Tr>
  );
}

/** Finds a product of the accounting system by name; picking it adds a line at its price. */
function ProductPicker({ onPick }: { onPick: (line: ItemDraft) => void }) {
  const { t, i18n } = useTranslation("deals");
  const [search, setSearch] = useState("");
  const [q] = useDebouncedValue(search.trim(), 250);
  const [opened, setOpened] = useState(false);
  const found = useProductSearch(q, opened);
  const products = (found.data?.items ?? []).filter((p) => !p.archived);
  const data = products.map((p) => ({
    value: p.id,
    label: [
      p.name,
      p.article,
      p.priceMinor === null ? null : formatMoney(p.priceMinor, p.currency, i18n.language),
    ]
      .filter(Boolean)
      .join(" · "),
  }));
  return (
    <Select
      size="sm"
      searchable
      w={320}
      placeholder={t("items.addProduct")}
      aria-label={t("items.addProduct")}
      value={null}
      searchValue={search}
      onSearchChange={setSearch}
      onDropdownOpen={() => setOpened(true)}
      onDropdownClose={() => setOpened(false)}
      data={data}
      filter={({ options }) => options}
      nothingFoundMessage={found.isFetching ? t("links.searching") : t("items.noProducts")}
      data-testid="deal-items-product"
      onChange={(id) => {
        const product = products.find((p) => p.id === id);
        if (!product) return;
        onPick(draftFromProduct(product));
        setSearch("");
      }}
    />
  );
}

function LinkedOrders({ orders, currency }: { orders: LinkedOrder[]; currency: string }) {
  const { t, i18n } = useTranslation("deals");
  const lang = i18n.language;
  const money = (minor: number | null) => (minor === null ? "—" : formatMoney(minor, currency, lang));
  return (
    <Stack gap={6} data-testid="deal-orders">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {t("items.orders")}
      </Text>
      {orders.map((order) => (
        <Group
          key={`${order.platform}-${order.externalId}`}
          justify="space-between"
          gap="xs"
          wrap="nowrap"
          data-testid={`deal-order-${order.platform}`}
        >
          <Stack gap={0} style={{ minWidth: 0 }}>
            <Text size="sm" fw={500} truncate>
              {t(`items.platforms.${order.platform}`)}
              {order.number ? ` № ${order.number}` : ""}
            </Text>
            <Text size="xs" c="dimmed" title={formatDateTime(order.syncedAt, lang)}>
              {[order.state, money(order.sumMinor)].filter(Boolean).join(" · ")}
            </Text>
          </Stack>
          {order.paid !== null && (
            <Badge
              color={order.paid ? "teal" : "gray"}
              variant="light"
              style={{ flexShrink: 0 }}
              data-testid="deal-order-paid"
              data-paid={order.paid}
            >
              {order.paid
                ? t("items.paid")
                : order.paidMinor
                  ? t("items.partlyPaid", { sum: money(order.paidMinor) })
                  : t("items.unpaid")}
            </Badge>
          )}
        </Group>
      ))}
    </Stack>
  );
}
