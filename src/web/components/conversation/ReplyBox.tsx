// The answer to the client: Enter sends, Shift+Enter starts a new line. When WhatsApp's 24-hour window is
// closed, the API refuses free text and the manager sends an approved template by name instead.
import { Alert, Button, Group, Stack, Textarea, TextInput } from "@mantine/core";
import { IconAlertTriangle, IconSend } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { notifyDone, notifyError } from "../notify.ts";
import { type Conversation, type ReplyBody, useReply } from "./api.ts";
import { isSendKey, isWindowClosed } from "./thread.ts";

export function ReplyBox({ conversation }: { conversation: Conversation }) {
  const { t } = useTranslation("inbox");
  const reply = useReply(conversation.id);
  const [text, setText] = useState("");
  const [windowClosed, setWindowClosed] = useState(false);
  const [template, setTemplate] = useState({ name: "", language: "ru" });

  const send = (body: ReplyBody, onSent: () => void) => {
    if (reply.isPending) return;
    reply.mutate(body, {
      onSuccess: () => {
        onSent();
        setWindowClosed(false);
      },
      onError: (err) => {
        if (isWindowClosed(err)) setWindowClosed(true);
        else notifyError(err, t);
      },
    });
  };
  const sendText = () => {
    const value = text.trim();
    if (value) send({ text: value }, () => setText(""));
  };
  const sendTemplate = () => {
    const name = template.name.trim();
    const language = template.language.trim();
    if (name && language) {
      send({ template: { name, language } }, () => {
        setTemplate({ name: "", language });
        notifyDone(t("template.sent"));
      });
    }
  };

  return (
    <Stack gap="xs">
      {windowClosed && (
        <Alert
          color="orange"
          icon={<IconAlertTriangle size={18} />}
          title={t("window.title")}
          data-testid="window-closed"
        >
          <Stack gap="xs">
            {t("window.text")}
            <Group align="flex-end" gap="xs" wrap="wrap">
              <TextInput
                label={t("template.name")}
                value={template.name}
                onChange={(e) => setTemplate({ ...template, name: e.currentTarget.value })}
                data-testid="template-name"
                style={{ flex: 1, minWidth: 160 }}
              />
              <TextInput
                label={t("template.language")}
                value={template.language}
                onChange={(e) => setTemplate({ ...template, language: e.currentTarget.value })}
                w={90}
              />
              <Button
                onClick={sendTemplate}
                loading={reply.isPending}
                disabled={!template.name.trim() || template.language.trim().length < 2}
                data-testid="template-send"
              >
                {t("template.send")}
              </Button>
            </Group>
          </Stack>
        </Alert>
      )}
      <Group align="flex-end" gap="xs" wrap="nowrap">
        <Textarea
          aria-label={t("reply.label")}
          placeholder={t("reply.placeholder")}
          title={t("reply.hint")}
          autosize
          minRows={1}
          maxRows={6}
          maxLength={4096}
          value={text}
          disabled={reply.isPending}
          onChange={(e) => setText(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (isSendKey({ key: e.key, shiftKey: e.shiftKey, isComposing: e.nativeEvent.isComposing })) {
              e.preventDefault();
              sendText();
            }
          }}
          style={{ flex: 1 }}
          data-testid="reply-input"
        />
        <Button
          onClick={sendText}
          loading={reply.isPending}
          disabled={!text.trim()}
          leftSection={<IconSend size={16} />}
          data-testid="reply-send"
        >
          {t("reply.send")}
        </Button>
      </Group>
    </Stack>
  );
}
