// Reading a file reply (multipart: `file`, optional `caption`) into memory, within the size cap.
import type { Multipart } from "@fastify/multipart";
import { AppError } from "../../platform/errors.ts";
import { type FileReply, MAX_CAPTION_LENGTH, MAX_REPLY_FILE_BYTES } from "./conversations.schemas.ts";

const tooLarge = () =>
  new AppError("payload_too_large", `The file is larger than ${MAX_REPLY_FILE_BYTES / 1024 / 1024} MB`);

/** Limits for @fastify/multipart on the reply route: one file, a caption, nothing else. */
export const REPLY_MULTIPART_LIMITS = { fileSize: MAX_REPLY_FILE_BYTES, files: 1, fields: 2, parts: 3 };

export async function readFileReply(parts: AsyncIterable<Multipart>): Promise<FileReply> {
  let file: FileReply["file"] | undefined;
  let caption: string | undefined;
  try {
    for await (const part of parts) {
      if (part.type === "field") {
        if (part.fieldname === "caption") caption = String(part.value).trim() || undefined;
      } else if (part.fieldname === "file" && !file) {
        const bytes = await part.toBuffer();
        file = {
          // A browser sends only the base name; a path from elsewhere is cut to it.
          fileName: (part.filename.split(/[\\/]/).pop() ?? "").slice(0, 255) || "file",
          mimeType: part.mimetype || "application/octet-stream",
          bytes,
        };
      } else {
        part.file.resume();
      }
    }
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === "FST_REQ_FILE_TOO_LARGE") throw tooLarge();
    if (code === "FST_FILES_LIMIT" || code === "FST_PARTS_LIMIT" || code === "FST_FIELDS_LIMIT") {
      throw new AppError("validation_failed", "Send one file and at most a caption", { field: "file" });
    }
    throw err;
  }
  if (!file) throw new AppError("validation_failed", "Send the file in the field `file`", { field: "file" });
  if (file.bytes.byteLength === 0) {
    throw new AppError("validation_failed", "The file is empty", { field: "file" });
  }
  if (caption && caption.length > MAX_CAPTION_LENGTH) {
    throw new AppError("validation_failed", `The caption is longer than ${MAX_CAPTION_LENGTH} characters`, {
      field: "caption",
    });
  }
  return { file, ...(caption && { caption }) };
}
