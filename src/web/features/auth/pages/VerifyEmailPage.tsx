import { Anchor, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { errorText } from "../../../lib/errors.ts";
import { verifyEmail } from "../api.ts";

export default function VerifyEmailPage() {
  const { t } = useTranslation("auth");
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const result = useQuery({
    queryKey: ["verify-email", token],
    queryFn: () => verifyEmail(token),
    enabled: !!token,
  });
  return (
    <Stack>
      <Title order={3}>{t("verify.title")}</Title>
      {result.isPending && token && <Text>{t("verify.checking")}</Text>}
      {result.isSuccess && <Text role="status">{t("verify.done")}</Text>}
      {(result.isError || !token) && (
        <Text c="red" role="alert">
          {result.isError ? errorText(result.error, t) : t("reset.noToken")}
        </Text>
      )}
      <Anchor component={Link} to="/deals">
        {t("continue")}
      </Anchor>
    </Stack>
  );
}
