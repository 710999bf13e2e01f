// "New contact", "New company": the kind's form in a drawer (full screen on a phone).
import { Drawer } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useSession } from "../../lib/session.ts";
import { notifyDone } from "../notify.ts";
import { Loading } from "../QueryState.tsx";
import type { RecordKind, Saved } from "./recordKind.ts";
import { useRecordFields } from "./useRecordFields.ts";

export function CreateDrawer<R extends { id: string }, V, B>({
  kind,
  opened,
  onClose,
  onCreated,
}: {
  kind: RecordKind<R, V, B>;
  opened: boolean;
  onClose: () => void;
  onCreated: (record: Saved<R>) => void;
}) {
  const { t } = useTranslation(kind.plural);
  const { user } = useSession();
  const client = useQueryClient();
  const phone = useMediaQuery("(max-width: 48em)");
  const { fields, pending } = useRecordFields(kind.entity);
  // Each opening starts a fresh form (a drawer reopened while it is still closing keeps its children).
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    if (opened) setGeneration((g) => g + 1);
  }, [opened]);
  const { Form, empty } = kind.form;
  return (
    <Drawer
      opened={opened}
      onClose={onClose}
      title={t("create.title")}
      position="right"
      size={phone ? "100%" : "xl"}
      closeButtonProps={{ "aria-label": t("close") }}
    >
      {pending ? (
        <Loading />
      ) : (
        <Form
          key={generation}
          initialValues={empty(user.id, fields)}
          fields={fields}
          submitLabel={t("create.submit")}
          onCancel={onClose}
          onSubmit={async (body) => {
            const record = await kind.api.create(body);
            await client.invalidateQueries({ queryKey: kind.keys.all });
            notifyDone(t("create.done"));
            onCreated(record);
            onClose();
          }}
        />
      )}
    </Drawer>
  );
}
