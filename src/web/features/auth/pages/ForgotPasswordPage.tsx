import { Anchor, Button, Stack, Text, TextInput, Title } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { errorText } from "../../../lib/errors.ts";
import { requestReset } from "../api.ts";

export default function ForgotPasswordPage() {
  const { t } = useTranslation("auth");
  const [email, setEmail] = useState("");
  const [state, setState] = useState<"idle" | "sending" | "sent">("idle");
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      onSubmit={async (e) => {
        e.preventDefault();
        setState("sending");
        setError(null);
        try {
          await requestReset(email);
          setState("sent");
        } catch (err) {
          setError(errorText(err, t));
          setState("idle");
        }
      }}
    >
      <Stack>
        <Title order={3}>{t("forgot.title")}</Title>
        {state === "sent" ? (
          <Text role="status">{t("forgot.sent")}</Text>
        ) : (
          <>
            <Text size="sm" c="dimmed">
              {t("forgot.text")}
            </Text>
            <TextInput
              label={t("email")}
              type="email"
              required
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
            />
            {error && (
              <Text c="red" size="sm" role="alert">
                {error}
              </Text>
            )}
            <Button type="submit" loading={state === "sending"}>
              {t("forgot.submit")}
            </Button>
          </>
        )}
        <Anchor component={Link} to="/login" size="sm">
          {t("signIn.title")}
        </Anchor>
      </Stack>
    </form>
  );
}
