// Why an upload was refused, in words a person can act on. The API answers these with the generic
// `validation_failed` code and an English sentence, so the sentence is recognised here.
import { ApiError } from "../../lib/api.ts";

/** 100 MB, the server's limit (MAX_FILE_BYTES in import.service.ts): bigger files are refused before sending. */
export const MAX_FILE_BYTES = 100 * 1024 * 1024;
export const ACCEPTED_EXTENSIONS = [".csv", ".xlsx"];

export type UploadProblem =
  | { key: "tooLarge" }
  | { key: "mixedEncodings"; utf8Line: number; otherLine: number }
  | { key: "notTabular" }
  | { key: "empty" }
  | { key: "noRows" }
  | { key: "wrongType" };

/** A problem with the chosen file found before sending it. */
export function checkFile(file: { name: string; size: number }): UploadProblem | null {
  if (file.size > MAX_FILE_BYTES) return { key: "tooLarge" };
  if (file.size === 0) return { key: "empty" };
  const name = file.name.toLowerCase();
  if (!ACCEPTED_EXTENSIONS.some((ext) => name.endsWith(ext))) return { key: "wrongType" };
  return null;
}

/** The problem the API reported for an upload; null when it is not one of these (show errorText then). */
export function uploadProblem(err: unknown): UploadProblem | null {
  if (!(err instanceof ApiError)) return null;
  if (err.status === 413 || err.code === "payload_too_large") return { key: "tooLarge" };
  if (err.code === "unsupported_media_type") return { key: "notTabular" };
  if (err.status !== 422 && err.status !== 400) return null;
  const mixed = err.message.match(/mixes encodings: line (\d+) is UTF-8 and line (\d+)/i);
  if (mixed) return { key: "mixedEncodings", utf8Line: Number(mixed[1]), otherLine: Number(mixed[2]) };
  if (/not a CSV or XLSX/i.test(err.message)) return { key: "notTabular" };
  if (/header row but no data rows/i.test(err.message)) return { key: "noRows" };
  if (/file is empty/i.test(err.message)) return { key: "empty" };
  return null;
}
