// Connects MoySklad: a token, or a login and password (exchanged for a token by the server). MoySklad
// checks them before anything is stored; its refusal shows under the form.
import { Alert, Button, Group, PasswordInput, SegmentedControl, Stack, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconAlertTriangle, IconPlugConnected } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { notifyDone } from "../../../components/notify.ts";
import { useConnectMoySklad } from "../api/accounting.ts";
import {
  type ConnectMode,
  connectErrors,
  emptyConnectForm,
  type MoySkladConnectValues,
  providerRefusal,
} from "../logic/accounting.ts";
import { showFormError } from "../logic/forms.ts";

export function MoySkladConnectForm() {
  const { t } = useTranslation("settings");
  const connect = useConnectMoySklad();
  const [refusal, setRefusal] = useState<string | null>(null);
  const form = useForm<MoySkladConnectValues>({
    initialValues: emptyConnectForm(),
    validate: (values) =>
      Object.fromEntries(Object.entries(connectErrors(values)).map(([field, key]) => [field, t(key)])),
  });
  const submit = form.onSubmit(async (values) => {
    setRefusal(null);
    try {
      await connect.mutateAsync(values);
      notifyDone(t("accounting.moysklad.connected"));
    } catch (err) {
      const refused = providerRefusal(err);
      if (refused) setRefusal(refused);
      else showFormError(form, err, t);
    }
  });
  const mode = form.values.mode;

  return (
    <form onSubmit={submit} noValidate data-testid="moysklad-connect-form">
      <Stack gap="sm" maw={520}>
        <SegmentedControl
          value={mode}
          onChange={(value) => {
            form.setFieldValue("mode", value as ConnectMode);
            form.clearErrors();
            setRefusal(null);
          }}
          data={[
            { value: "token", label: t("accounting.moysklad.byToken") },
            { value: "password", label: t("accounting.moysklad.byPassword") },
          ]}
          data-testid="moysklad-connect-mode"
        />
        {mode === "token" ? (
          <PasswordInput
            label={t("accounting.moysklad.token")}
            description={t("accounting.moysklad.tokenHint")}
            required
            autoComplete="off"
            data-testid="moysklad-token"
            {...form.getInputProps("token")}
          />
        ) : (
          <>
            <TextInput
              label={t("accounting.moysklad.login")}
              description={t("accounting.moysklad.loginHint")}
              required
              autoComplete="off"
              data-testid="moysklad-login"
              {...form.getInputProps("login")}
            />
            <PasswordInput
              label={t("accounting.moysklad.password")}
              required
              autoComplete="off"
              data-testid="moysklad-password"
              {...form.getInputProps("password")}
            />
          </>
        )}
        {refusal && (
          <Alert
            color="red"
            variant="light"
            icon={<IconAlertTriangle size={18} />}
            title={t("accounting.moysklad.refused")}
            data-testid="moysklad-refusal"
          >
            {refusal}
          </Alert>
        )}
        <Group>
          <Button
            type="submit"
            loading={form.submitting}
            leftSection={<IconPlugConnected size={16} />}
            data-testid="moysklad-connect"
          >
            {t("accounting.connect")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
