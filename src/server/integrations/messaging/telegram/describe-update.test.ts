import { describe, expect, it } from "vitest";
import { messageUpdate, telegramUser, textUpdate } from "../../../../../test/fakes/telegram.ts";
import { describeUpdate, updateKind } from "./describe-update.ts";
import { parseUpdate } from "./types.ts";

// The composed example of ../shared/PROTOCOLS.md §1, as Telegram sends it.
const EXAMPLE = {
  update_id: 784512001,
  message: {
    message_id: 52,
    from: {
      id: 412345678,
      is_bot: false,
      first_name: "Ольга",
      last_name: "Смирнова",
      username: "olga_s",
      language_code: "ru",
    },
    chat: { id: 412345678, type: "private", first_name: "Ольга", last_name: "Смирнова", username: "olga_s" },
    date: 1718000000,
    text: "Здравствуйте, есть ли в наличии диван «Остин»?",
  },
};

describe("describeUpdate", () => {
  it("reads a private text message", () => {
    const update = parseUpdate(EXAMPLE);
    expect(update).not.toBeNull();
    expect(describeUpdate(update!)).toEqual({
      updateId: 784512001,
      kind: "message",
      chatId: 412345678,
      chatType: "private",
      chatTitle: null,
      from: {
        id: 412345678,
        isBot: false,
        firstName: "Ольга",
        lastName: "Смирнова",
        username: "olga_s",
        languageCode: "ru",
      },
      messageId: 52,
      text: "Здравствуйте, есть ли в наличии диван «Остин»?",
      replyToMessageId: null,
      date: new Date(1718000000 * 1000),
      editDate: null,
    });
  });

  it("takes the largest photo size and the caption as text", () => {
    const photo = [
      { file_id: "small", file_unique_id: "u1", width: 90, height: 60, file_size: 1200 },
      { file_id: "large", file_unique_id: "u2", width: 1280, height: 853, file_size: 98000 },
    ];
    const described = describeUpdate(messageUpdate({ chatId: 7, fields: { photo, caption: "Вот такой" } }));
    expect(described).toMatchObject({
      text: "Вот такой",
      media: { kind: "photo", fileId: "large", fileUniqueId: "u2", fileSize: 98000 },
    });
  });

  it("reads documents and voice notes with their names and types", () => {
    const document = {
      file_id: "doc",
      file_unique_id: "d1",
      file_name: "ТЗ.pdf",
      mime_type: "application/pdf",
    };
    expect(describeUpdate(messageUpdate({ chatId: 7, fields: { document } }))).toMatchObject({
      text: "",
      media: { kind: "document", fileId: "doc", fileName: "ТЗ.pdf", mimeType: "application/pdf" },
    });
    const voice = { file_id: "v", file_unique_id: "v1", mime_type: "audio/ogg", duration: 4 };
    const described = describeUpdate(messageUpdate({ chatId: 7, fields: { voice } }));
    expect(described?.media).toEqual({
      kind: "voice",
      fileId: "v",
      fileUniqueId: "v1",
      mimeType: "audio/ogg",
    });
  });

  it("reads a shared phone number", () => {
    const contact = { phone_number: "+79161234567", first_name: "Ольга", user_id: 7 };
    expect(describeUpdate(messageUpdate({ chatId: 7, fields: { contact } }))?.contact).toEqual({
      phoneNumber: "+79161234567",
      firstName: "Ольга",
      lastName: null,
      userId: 7,
    });
  });

  it("marks edits, which keep the original message id", () => {
    const original = textUpdate({ chatId: 7, text: "Дива" });
    const messageId = original.message!.message_id;
    const edit = messageUpdate({ chatId: 7, edited: true, fields: { message_id: messageId, text: "Диван" } });
    const described = describeUpdate(edit);
    expect(described).toMatchObject({ kind: "edited_message", messageId, text: "Диван" });
    expect(described?.editDate).toBeInstanceOf(Date);
    expect(described!.updateId).toBeGreaterThan(original.update_id);
  });

  it("reads group messages with the group as the chat", () => {
    const from = telegramUser(42, "Иван", "Петров", "ivan");
    const described = describeUpdate(textUpdate({ chatId: -1001234567890, text: "Цена?", from }));
    expect(described).toMatchObject({ chatId: -1001234567890, chatType: "supergroup", from: { id: 42 } });
  });

  it("ignores other kinds and messages without a sender", () => {
    const callback = parseUpdate({ update_id: 5, callback_query: { id: "1", data: "x" } });
    expect(callback && describeUpdate(callback)).toBeNull();
    expect(callback && updateKind(callback)).toBe("callback_query");
    const channelPost = parseUpdate({
      update_id: 6,
      message: { message_id: 1, chat: { id: -1001, type: "channel", title: "News" }, date: 1, text: "hi" },
    });
    expect(channelPost && describeUpdate(channelPost)).toBeNull();
  });

  it("refuses bodies that are not updates", () => {
    expect(parseUpdate(null)).toBeNull();
    expect(parseUpdate("update")).toBeNull();
    expect(parseUpdate({ message: EXAMPLE.message })).toBeNull();
    expect(
      parseUpdate({ update_id: 1, message: { ...EXAMPLE.message, chat: { id: 1, type: "dm" } } }),
    ).toBeNull();
  });
});
