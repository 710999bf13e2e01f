// A deal in a few seconds: title, amount, and optionally the client's name and phone, at the top of the
// first column. Submitting twice (a double click, Enter held) creates one deal.
import { Button, Group, Paper, Stack, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useRef } from "react";
import { useTranslation } from "react-i18next";
import { contactInput } from "../../../../common/contacts.ts";
import { dealCreateInput } from "../../../../common/deals.ts";
import { notifyDone, notifyError } from "../../../components/notify.ts";
import { ApiError } from "../../../lib/api.ts";
import { fieldErrors } from "../../../lib/errors.ts";
import { parseMoney } from "../../../lib/format.ts";
import { createDeal } from "../api/deal.ts";
import { createContact } from "../api/records.ts";
import type { Deal } from "../api/types.ts";

interface Props {
  pipelineId: string;
  stageId: string;
  onCreated: (deal: Deal) => void;
  onClose: () => void;
}

export function QuickCreate({ pipelineId, stageId, onCreated, onClose }: Props) {
  const { t } = useTranslation("deals");
  const busy = useRef(false);
  // A retry after a failed deal reuses the contact the first attempt already created.
  const made = useRef<{ key: string; id: string } | null>(null);
  const form = useForm({
    initialValues: { title: "", amount: "", contactName: "", phone: "" },
    validate: {
      title: (v) => (dealCreateInput.shape.title.safeParse(v).success ? null : t("errors.required")),
      amount: (v) => (!v.trim() || parseMoney(v) !== null ? null : t("errors.amount")),
      phone: (v) =>
        !v.trim() || contactInput.shape.phones.safeParse([{ number: v }]).success ? null : t("errors.phone"),
    },
  });

  const submit = form.onSubmit(async (values) => {
    if (busy.current) return;
    busy.current = true;
    try {
      const name = values.contactName.trim();
      const phone = values.phone.trim();
      const key = `${name}\n${phone}`;
      let contactId = made.current?.key === key ? made.current.id : null;
      if (!contactId && (name || phone)) {
        contactId = (await createContact(name, phone)).id;
        made.current = { key, id: contactId };
      }
      const deal = await createDeal({
        title: values.title.trim(),
        amountMinor: values.amount.trim() ? (parseMoney(values.amount) ?? 0) : 0,
        pipelineId,
        stageId,
        ...(contactId ? { contactIds: [contactId] } : {}),
      });
      onCreated(deal);
      notifyDone(t("notify.created", { title: deal.title }));
      made.current = null;
      form.reset();
    } catch (err) {
      const fields = fieldErrors(err);
      if (fields.amountMinor) fields.amount = fields.amountMinor;
      if (fields["phones.0.number"]) fields.phone = fields["phones.0.number"];
      form.setErrors(fields);
      if (!(err instanceof ApiError && Object.keys(fields).length > 0)) notifyError(err, t);
    } finally {
      busy.current = false;
    }
  });

  return (
    <Paper withBorder p="xs" shadow="sm">
      <form onSubmit={submit} noValidate aria-label={t("quick.title")}>
        <Stack gap={6}>
          <TextInput
            size="xs"
            placeholder={t("quick.dealTitle")}
            aria-label={t("quick.dealTitle")}
            data-testid="quick-create-title"
            data-autofocus
            autoFocus
            {...form.getInputProps("title")}
          />
          <TextInput
            size="xs"
            placeholder={t("quick.amount")}
            aria-label={t("quick.amount")}
            inputMode="decimal"
            rightSection="₽"
            data-testid="quick-create-amount"
            {...form.getInputProps("amount")}
          />
          <TextInput
            size="xs"
            placeholder={t("quick.contactName")}
            aria-label={t("quick.contactName")}
            data-testid="quick-create-contact"
            {...form.getInputProps("contactName")}
          />
          <TextInput
            size="xs"
            type="tel"
            placeholder={t("quick.phone")}
            aria-label={t("quick.phone")}
            data-testid="quick-create-phone"
            {...form.getInputProps("phone")}
          />
          <Group gap={6} justify="flex-end">
            <Button size="xs" variant="default" onClick={onClose}>
              {t("actions.cancel", { ns: "common" })}
            </Button>
            <Button size="xs" type="submit" loading={form.submitting} data-testid="quick-create-submit">
              {t("quick.submit")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
