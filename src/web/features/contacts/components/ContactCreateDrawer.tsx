// "New contact": the form in a drawer (full screen on a phone).
import { Drawer } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { notifyDone } from "../../../components/notify.ts";
import { Loading } from "../../../components/QueryState.tsx";
import { useCustomFields, useSession } from "../../../lib/session.ts";
import { contactKeys, createContact, type SavedContact } from "../api/contacts.ts";
import { emptyContactForm } from "../contactForm.ts";
import { ContactForm } from "./ContactForm.tsx";

export function ContactCreateDrawer({
  opened,
  onClose,
  onCreated,
  companyIds,
}: {
  opened: boolean;
  onClose: () => void;
  onCreated: (contact: SavedContact) => void;
  /** A contact created from a company's card starts in that company. */
  companyIds?: string[];
}) {
  const { t } = useTranslation("contacts");
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
    .filter((f) => f.entity === "contact")
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
        <ContactForm
          key={generation}
          initialValues={emptyContactForm(user.id, fields, { companyIds })}
          fields={fields}
          submitLabel={t("create.submit")}
          onCancel={onClose}
          onSubmit={async (body) => {
            const contact = await createContact(body);
            await client.invalidateQueries({ queryKey: contactKeys.all });
            notifyDone(t("create.done"));
            onCreated(contact);
            onClose();
          }}
        />
      )}
    </Drawer>
  );
}
