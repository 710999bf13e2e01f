import { Anchor, Button, PasswordInput, Stack, Text, Title } from "@mantine/core";
import { schemaResolver, useForm } from "@mantine/form";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { errorText } from "../../../lib/errors.ts";
import { PASSWORD_MIN, resetPassword, resetSchema } from "../api.ts";

export default function ResetPasswordPage() {
  const { t } = useTranslation("auth");
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const [done, setDone] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { newPassword: "" },
    validate: schemaResolver(resetSchema, { sync: true }),
  });
  if (done) {
    return (
      <Stack>
        <Text role="status">{t("reset.done")}</Text>
        <Anchor component={Link} to="/login">
          {t("signIn.title")}
        </Anchor>
      </Stack>
    );
  }
  return (
    <form
      onSubmit={form.onSubmit(async ({ newPassword }) => {
        setError(null);
        try {
          await resetPassword(token, newPassword);
          setDone(true);
        } catch (err) {
          setError(errorText(err, t));
        }
      })}
      noValidate
    >
      <Stack>
        <Title order={3}>{t("reset.title")}</Title>
        {!token && <Text c="red">{t("reset.noToken")}</Text>}
        <PasswordInput
          label={t("reset.newPassword")}
          description={t("passwordHint", { min: PASSWORD_MIN })}
          autoComplete="new-password"
          {...form.getInputProps("newPassword")}
        />
        {error && (
          <Text c="red" size="sm" role="alert">
            {error}
          </Text>
        )}
        <Button type="submit" disabled={!token} loading={form.submitting}>
          {t("reset.submit")}
        </Button>
      </Stack>
    </form>
  );
}
