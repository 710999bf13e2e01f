// The answer to the client: Enter sends, Shift+Enter starts a new line. Telegram and WhatsApp take one
// file per reply (the text becomes its caption). When WhatsApp's 24-hour window is closed, the API
// refuses free text and files, and the manager sends an approved template with its parameters instead.
import {
  ActionIcon,
  Alert,
  Button,
  CloseButton,
  FileButton,
  Group,
  Stack,
  Text,
  Textarea,
  TextInput,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconAlertTriangle, IconFile, IconPaperclip, IconPlus, IconSend } from "@tabler/icons-react";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { notifyDone, notifyError } from "../notify.ts";
import {
  type Conversation,
  MAX_REPLY_FILE_BYTES,
  MAX_TEMPLATE_PARAMS,
  type ReplyBody,
  useReply,
} from "./api.ts";
import { fileSize, isSendKey, isWindowClosed } from "./thread.ts";

const CAPTION_MAX = 1024;

export function ReplyBox({ conversation }: { conversation: Conversation }) {
  const { t } = useTranslation("inbox");
  const reply = useReply(conversation.id);
  const [text, setText] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const resetFile = useRef<() => void>(null);
  const [windowClosed, setWindowClosed] = useState(false);
  const [template, setTemplate] = useState({ name: "", language: "ru", params: [] as string[] });
  const filesAllowed = conversation.channel !== "avito";

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
  const pick = (picked: File | null) => {
    resetFile.current?.();
    if (picked && picked.size > MAX_REPLY_FILE_BYTES) {
      notifications.show({
        color: "red",
        message: t("file.tooLarge", { max: MAX_REPLY_FILE_BYTES / 1024 / 1024 }),
      });
      return;
    }
    setFile(picked);
  };
  const sendText = () => {
    const value = text.trim();
    if (file) {
      send({ file, ...(value && { caption: value }) }, () => {
        setText("");
        setFile(null);
      });
    } else if (value) send({ text: value }, () => setText(""));
  };
  const params = template.params.map((p) => p.trim());
  const templateReady =
    template.name.trim() !== "" && template.language.trim().length >= 2 && params.every((p) => p !== "");
  const sendTemplate = () => {
    if (!templateReady) return;
    const body = { name: template.name.trim(), language: template.language.trim(), params };
    send({ template: body }, () => {
      setTemplate({ name: "", language: body.language, params: [] });
      notifyDone(t("template.sent"));
    });
  };
  const setParam = (index: number, value: string) =>
    setTemplate({ ...template, params: template.params.map((p, i) => (i === index ? value : p)) });

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
            </Group>
            {template.params.map((value, index) => (
              <TextInput
                // Parameters are positional: the index is their identity.
                // biome-ignore lint/suspicious/noArrayIndexKey: see above
                key={index}
                label={t("template.param", { n: index + 1 })}
                value={value}
                maxLength={1024}
                onChange={(e) => setParam(index, e.currentTarget.value)}
                data-testid={`template-param-${index}`}
                rightSection={
                  <CloseButton
                    aria-label={t("template.removeParam", { n: index + 1 })}
                    onClick={() =>
                      setTemplate({ ...template, params: template.params.filter((_, i) => i !== index) })
                    }
                  />
                }
              />
            ))}
            <Group gap="xs" justify="space-between">
              <Button
                variant="subtle"
                size="xs"
                leftSection={<IconPlus size={14} />}
                disabled={template.params.length >= MAX_TEMPLATE_PARAMS}
                onClick={() => setTemplate({ ...template, params: [...template.params, ""] })}
                data-testid="template-add-param"
              >
                {t("template.addParam")}
              </Button>
              <Button
                onClick={sendTemplate}
                loading={reply.isPending}
                disabled={!templateReady}
                data-testid="template-send"
              >
                {t("template.send")}
              </Button>
            </Group>
          </Stack>
        </Alert>
      )}
      {file && (
        <Group gap={6} wrap="nowrap" data-testid="reply-file">
          <IconFile size={16} />
          <Text size="sm" truncate="end" style={{ minWidth: 0 }}>
            {file.name}
          </Text>
          <Text size="xs" c="dimmed" style={{ flexShrink: 0 }}>
            {fileSize(file.size)}
          </Text>
          <CloseButton
            size="sm"
            aria-label={t("file.remove")}
            onClick={() => setFile(null)}
            disabled={reply.isPending}
            data-testid="reply-file-remove"
          />
        </Group>
      )}
      <Group align="flex-end" gap="xs" wrap="nowrap">
        {filesAllowed && (
          <FileButton onChange={pick} resetRef={resetFile}>
            {(props) => (
              <ActionIcon
                {...props}
                variant="default"
                size={36}
                aria-label={t("file.attach")}
                title={t("file.attach")}
                disabled={reply.isPending}
                data-testid="reply-attach"
              >
                <IconPaperclip size={18} />
              </ActionIcon>
            )}
          </FileButton>
        )}
        <Textarea
          aria-label={t("reply.label")}
          placeholder={file ? t("file.caption") : t("reply.placeholder")}
          title={t("reply.hint")}
          autosize
          minRows={1}
          maxRows={6}
          maxLength={file ? CAPTION_MAX : 4096}
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
          disabled={!text.trim() && !file}
          leftSection={<IconSend size={16} />}
          data-testid="reply-send"
        >
          {t("reply.send")}
        </Button>
      </Group>
    </Stack>
  );
}
