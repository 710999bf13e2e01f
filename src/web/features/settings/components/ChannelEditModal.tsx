// Edits a channel's name and routing settings (PATCH); the credentials stay as they are.
import { Button, Divider, Group, Modal, Stack, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { notifyDone } from "../../../components/notify.ts";
import { useUpdateChannel } from "../api/channels.ts";
import {
  type Channel,
  type ChannelFailure,
  type ChannelFormValues,
  channelFailure,
  editSchema,
  editValues,
  emptyChannelForm,
} from "../logic/channels.ts";
import { resolver, showFormError } from "../logic/forms.ts";
import { ChannelFailureAlert } from "./ChannelFailureAlert.tsx";
import { ChannelRoutingFields } from "./ChannelRoutingFields.tsx";

export function ChannelEditModal({ channel, onClose }: { channel: Channel | null; onClose: () => void }) {
  const { t } = useTranslation("settings");
  // Keep the channel while the modal fades out.
  const kept = useRef(channel);
  if (channel) kept.current = channel;
  const shown = kept.current;
  const platform = shown?.platform ?? "telegram";
  const update = useUpdateChannel(platform);
  const [failure, setFailure] = useState<ChannelFailure>(null);
  const form = useForm<ChannelFormValues>({
    initialValues: emptyChannelForm(),
    validate: resolver(editSchema, t),
  });
  const { setValues, resetDirty } = form;
  useEffect(() => {
    if (!channel) return;
    setValues({ ...emptyChannelForm(), ...editValues(channel) });
    resetDirty();
    setFailure(null);
  }, [channel, setValues, resetDirty]);
  const submit = form.onSubmit(async (values) => {
    if (!shown) return;
    setFailure(null);
    try {
      const saved = await update.mutateAsync({ id: shown.id, values });
      notifyDone(t("channels.saved", { name: saved.name }));
      onClose();
    } catch (err) {
      const known = channelFailure(err);
      if (known) setFailure(known);
      else showFormError(form, err, t);
    }
  });

  return (
    <Modal
      opened={channel !== null}
      onClose={onClose}
      title={t("channels.editTitle", { name: shown?.name ?? "" })}
      size="lg"
      centered
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <TextInput
            label={t("channels.name")}
            data-testid="channel-edit-name"
            {...form.getInputProps("name")}
          />
          <Divider label={t("channels.routing.title")} labelPosition="left" />
          <ChannelRoutingFields form={form} />
          <ChannelFailureAlert failure={failure} platform={platform} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t("actions.cancel", { ns: "common" })}
            </Button>
            <Button type="submit" loading={form.submitting} data-testid="channel-edit-submit">
              {t("actions.save", { ns: "common" })}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
