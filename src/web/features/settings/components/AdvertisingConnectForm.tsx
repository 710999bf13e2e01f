// Connects Yandex Direct (an OAuth token, and the advertiser's Client-Login for agency tokens) or Avito
// (the application's client id and secret). The platform checks them before anything is stored; its
// refusal shows under the form.
import { Alert, Button, Group, PasswordInput, Stack, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconAlertTriangle, IconPlugConnected } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { notifyDone } from "../../../components/notify.ts";
import { useConnectAvito, useConnectDirect } from "../api/advertising.ts";
import { providerRefusal } from "../logic/accounting.ts";
import {
  type AdPlatform,
  type AvitoConnectValues,
  avitoConnectErrors,
  type DirectConnectValues,
  directConnectErrors,
  emptyAvitoForm,
  emptyDirectForm,
} from "../logic/advertising.ts";
import { showFormError } from "../logic/forms.ts";

export function AdvertisingConnectForm({ platform }: { platform: AdPlatform }) {
  return platform === "yandex-direct" ? <DirectForm /> : <AvitoForm />;
}

type Translate = (key: string) => string;
const translated = (errors: Record<string, string | undefined>, t: Translate) =>
  Object.fromEntries(Object.entries(errors).map(([field, key]) => [field, key ? t(key) : undefined]));

function DirectForm() {
  const { t } = useTranslation("settings");
  const connect = useConnectDirect();
  const [refusal, setRefusal] = useState<string | null>(null);
  const form = useForm<DirectConnectValues>({
    initialValues: emptyDirectForm(),
    validate: (values) => translated(directConnectErrors(values), t),
  });
  const submit = form.onSubmit(async (values) => {
    setRefusal(null);
    try {
      await connect.mutateAsync(values);
      notifyDone(t("advertising.yandex-direct.connected"));
    } catch (err) {
      const refused = providerRefusal(err);
      if (refused) setRefusal(refused);
      else showFormError(form, err, t);
    }
  });
  return (
    <form onSubmit={submit} noValidate data-testid="yandex-direct-connect-form">
      <Stack gap="sm" maw={520}>
        <PasswordInput
          label={t("advertising.yandex-direct.token")}
          description={t("advertising.yandex-direct.tokenHint")}
          required
          autoComplete="off"
          data-testid="yandex-direct-token"
          {...form.getInputProps("token")}
        />
        <TextInput
          label={t("advertising.yandex-direct.clientLogin")}
          description={t("advertising.yandex-direct.clientLoginHint")}
          autoComplete="off"
          data-testid="yandex-direct-client-login"
          {...form.getInputProps("clientLogin")}
        />
        <Refusal platform="yandex-direct" refusal={refusal} />
        <Submit platform="yandex-direct" busy={form.submitting} />
      </Stack>
    </form>
  );
}

function AvitoForm() {
  const { t } = useTranslation("settings");
  const connect = useConnectAvito();
  const [refusal, setRefusal] = useState<string | null>(null);
  const form = useForm<AvitoConnectValues>({
    initialValues: emptyAvitoForm(),
    validate: (values) => translated(avitoConnectErrors(values), t),
  });
  const submit = form.onSubmit(async (values) => {
    setRefusal(null);
    try {
      await connect.mutateAsync(values);
      notifyDone(t("advertising.avito.connected"));
    } catch (err) {
      const refused = providerRefusal(err);
      if (refused) setRefusal(refused);
      else showFormError(form, err, t);
    }
  });
  return (
    <form onSubmit={submit} noValidate data-testid="avito-connect-form">
      <Stack gap="sm" maw={520}>
        <TextInput
          label={t("advertising.avito.clientId")}
          description={t("advertising.avito.clientIdHint")}
          required
          autoComplete="off"
          data-testid="avito-client-id"
          {...form.getInputProps("clientId")}
        />
        <PasswordInput
          label={t("advertising.avito.clientSecret")}
          required
          autoComplete="off"
          data-testid="avito-client-secret"
          {...form.getInputProps("clientSecret")}
        />
        <Refusal platform="avito" refusal={refusal} />
        <Submit platform="avito" busy={form.submitting} />
      </Stack>
    </form>
  );
}

function Refusal({ platform, refusal }: { platform: AdPlatform; refusal: string | null }) {
  const { t } = useTranslation("settings");
  if (!refusal) return null;
  return (
    <Alert
      color="red"
      variant="light"
      icon={<IconAlertTriangle size={18} />}
      title={t(`advertising.${platform}.refused`)}
      data-testid={`${platform}-refusal`}
    >
      {refusal}
    </Alert>
  );
}

function Submit({ platform, busy }: { platform: AdPlatform; busy: boolean }) {
  const { t } = useTranslation("settings");
  return (
    <Group>
      <Button
        type="submit"
        loading={busy}
        leftSection={<IconPlugConnected size={16} />}
        data-testid={`${platform}-connect`}
      >
        {t("accounting.connect")}
      </Button>
    </Group>
  );
}
