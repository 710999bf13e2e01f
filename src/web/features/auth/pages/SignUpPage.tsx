import { Anchor, Button, PasswordInput, Stack, Text, TextInput, Title } from "@mantine/core";
import { schemaResolver, useForm } from "@mantine/form";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useSearchParams } from "react-router";
import { errorText, fieldErrors } from "../../../lib/errors.ts";
import { keys } from "../../../lib/session.ts";
import { PASSWORD_MIN, signUp, signUpSchema } from "../api.ts";
import { safeNext } from "./LoginPage.tsx";

export default function SignUpPage() {
  const { t } = useTranslation("auth");
  const [params] = useSearchParams();
  const invitationToken = params.get("invitation") ?? undefined;
  const navigate = useNavigate();
  const client = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { name: "", email: "", password: "", workspaceName: "" },
    validate: schemaResolver(signUpSchema, { sync: true }),
  });
  const submit = form.onSubmit(async (values) => {
    setError(null);
    try {
      await signUp({ ...values, workspaceName: values.workspaceName || undefined, invitationToken });
      await client.resetQueries({ queryKey: keys.me });
      navigate(safeNext(params.get("next")), { replace: true });
    } catch (err) {
      form.setErrors(fieldErrors(err));
      setError(errorText(err, t));
    }
  });
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Title order={3}>{t("signUp.title")}</Title>
        <TextInput label={t("name")} autoComplete="name" {...form.getInputProps("name")} />
        <TextInput label={t("email")} type="email" autoComplete="email" {...form.getInputProps("email")} />
        <PasswordInput
          label={t("password")}
          description={t("passwordHint", { min: PASSWORD_MIN })}
          autoComplete="new-password"
          {...form.getInputProps("password")}
        />
        {!invitationToken && (
          <TextInput
            label={t("signUp.workspace")}
            placeholder={t("signUp.workspacePlaceholder")}
            {...form.getInputProps("workspaceName")}
          />
        )}
        {error && (
          <Text c="red" size="sm" role="alert">
            {error}
          </Text>
        )}
        <Button type="submit" loading={form.submitting}>
          {t("signUp.submit")}
        </Button>
        <Text size="sm">
          {t("signUp.haveAccount")}{" "}
          <Anchor component={Link} to="/login">
            {t("signIn.title")}
          </Anchor>
        </Text>
      </Stack>
    </form>
  );
}
