import { Anchor, Button, Stack, Text, Title } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useSearchParams } from "react-router";
import { errorText } from "../../../lib/errors.ts";
import { keys, useMe } from "../../../lib/session.ts";
import { acceptInvitation } from "../api.ts";

/** The link from an invitation mail: accept it when signed in, else sign up or sign in first. */
export default function InvitePage() {
  const { t } = useTranslation("auth");
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const me = useMe();
  const client = useQueryClient();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const here = `/invite?token=${encodeURIComponent(token)}`;
  const signedIn = !!me.data?.user;
  return (
    <Stack>
      <Title order={3}>{t("invite.title")}</Title>
      <Text size="sm">{t("invite.text")}</Text>
      {signedIn ? (
        <Button
          loading={busy}
          onClick={async () => {
            setBusy(true);
            setError(null);
            try {
              await acceptInvitation(token);
              await client.resetQueries({ queryKey: keys.me });
              navigate("/deals", { replace: true });
            } catch (err) {
              setError(errorText(err, t));
            } finally {
              setBusy(false);
            }
          }}
        >
          {t("invite.accept")}
        </Button>
      ) : (
        <>
          <Button component={Link} to={`/signup?invitation=${encodeURIComponent(token)}&next=/deals`}>
            {t("invite.signUp")}
          </Button>
          <Anchor component={Link} to={`/login?next=${encodeURIComponent(here)}`} size="sm">
            {t("invite.signIn")}
          </Anchor>
        </>
      )}
      {error && (
        <Text c="red" size="sm" role="alert">
          {error}
        </Text>
      )}
    </Stack>
  );
}
