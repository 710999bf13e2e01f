import { Anchor, Button, PasswordInput, Stack, Text, TextInput, Title } from "@mantine/core";
import { schemaResolver, useForm } from "@mantine/form";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useSearchParams } from "react-router";
import { errorText } from "../../../lib/errors.ts";
import { keys } from "../../../lib/session.ts";
import { signIn, signInSchema } from "../api.ts";

/** Only a path inside this app (never another site) is a place to come back to. */
export const safeNext = (next: string | null) =>
  next?.startsWith("/") && !next.startsWith("//") ? next : "/deals";

export default function LoginPage() {
  const { t } = useTranslation("auth");
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { email: "", password: "" },
    validate: schemaResolver(signInSchema, { sync: true }),
  });
  const submit = form.onSubmit(async (values) => {
    setError(null);
    try {
      await signIn(values);
      await client.resetQueries({ queryKey: keys.me });
      navigate(safeNext(params.get("next")), { replace: true });
    } catch (err) {
      setError(errorText(err, t));
    }
  });
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Title order={3}>{t("signIn.title")}</Title>
        <TextInput label={t("email")} type="email" autoComplete="email" {...form.getInputProps("email")} />
        <PasswordInput
          label={t("password")}
          autoComplete="current-password"
          {...form.getInputProps("password")}
        />
        {error && (
          <Text c="red" size="sm" role="alert">
            {error}
          </Text>
        )}
        <Button type="submit" loading={form.submitting}>
          {t("signIn.submit")}
        </Button>
        <Text size="sm">
          <Anchor component={Link} to="/forgot-password">
            {t("signIn.forgot")}
          </Anchor>
        </Text>
        <Text size="sm">
          {t("signIn.noAccount")}{" "}
          <Anchor component={Link} to={`/signup${params.toString() ? `?${params}` : ""}`}>
            {t("signUp.title")}
          </Anchor>
        </Text>
      </Stack>
    </form>
  );
}
