// Connects a channel: the platform's credentials (checked by the provider before anything is stored) and
// the routing settings. The provider's refusal shows under the credentials.
import { Button, Divider, Group, Modal, PasswordInput, Stack, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconPlugConnected } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { notifyDone } from "../../../components/notify.ts";
import { useConnectChannel } from "../api/channels.ts";
import {
  type Channel,
  type ChannelFailure,
  type ChannelFormValues,
  CREDENTIAL_FIELDS,
  channelFailure,
  connectSchema,
  emptyChannelForm,
  type Platform,
} from "../logic/channels.ts";
import { resolver, showFormError } from "../logic/forms.ts";
import { ChannelFailureAlert } from "./ChannelFailureAlert.tsx";
import { ChannelRoutingFields } from "./ChannelRoutingFields.tsx";

const TEST_IDS: Record<string, string> = {
  token: "channel-token",
  accessToken: "channel-access-token",
  appSecret: "channel-app-secret",
  phoneNumberId: "channel-phone-number-id",
  wabaId: "channel-waba-id",
  clientId: "channel-client-id",
  clientSecret: "channel-client-secret",
};

export function ChannelConnectModal({
  platform,
  opened,
  onClose,
  onConnected,
}: {
  platform: Platform;
  opened: boolean;
  onClose: () => void;
  onConnected: (channel: Channel) => void;
}) {
  const { t } = useTranslation("settings");
  const connect = useConnectChannel(platform);
  const [failure, setFailure] = useState<ChannelFailure>(null);
  const form = useForm<ChannelFormValues>({
    initialValues: emptyChannelForm(),
    validate: resolver(connectSchema(platform), t),
  });
  const close = () => {
    form.reset();
    setFailure(null);
    onClose();
  };
  const submit = form.onSubmit(async (values) => {
    setFailure(null);
    try {
      const channel = await connect.mutateAsync(values);
      notifyDone(t("channels.connected", { name: channel.name }));
      close();
      onConnected(channel);
    } catch (err) {
      const known = channelFailure(err);
      if (known) setFailure(known);
      else showFormError(form, err, t);
    }
  });
  const provider = t(`channels.platforms.${platform}`);

  return (
    <Modal
      opened={opened}
      onClose={close}
      title={t("channels.connectTitle", { provider })}
      size="lg"
      centered
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <TextInput
            label={t("channels.name")}
            description={t("channels.nameHint")}
            data-testid="channel-name"
            {...form.getInputProps("name")}
          />
          {CREDENTIAL_FIELDS[platform].map((field) => {
            const Input = field.secret ? PasswordInput : TextInput;
            return (
              <Input
                key={field.name}
                label={t(`channels.credentials.${field.name}`)}
                description={t(`channels.hints.${field.name}`)}
                required={!field.optional}
                autoComplete="off"
                data-testid={TEST_IDS[field.name]}
                {...form.getInputProps(`credentials.${field.name}`)}
              />
            );
          })}
          <ChannelFailureAlert failure={failure} platform={platform} />
          <Divider label={t("channels.routing.title")} labelPosition="left" />
          <ChannelRoutingFields form={form} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t("actions.cancel", { ns: "common" })}
            </Button>
            <Button
              type="submit"
              loading={form.submitting}
              leftSection={<IconPlugConnected size={16} />}
              data-testid="channel-submit"
            >
              {t("channels.connect")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
