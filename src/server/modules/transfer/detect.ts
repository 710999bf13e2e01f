// What an uploaded file is (XLSX or CSV, its encoding and delimiter), and reading its rows as a stream.
import { isAscii, isUtf8 } from "node:buffer";
import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { parse } from "csv-parse";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { AppError } from "../../platform/errors.ts";

export type FileFormat = "csv" | "xlsx";
export type FileEncoding = "utf-8" | "windows-1251";

export interface FileMeta {
  format: FileFormat;
  encoding: FileEncoding | null;
  delimiter: string | null;
}

/** The detected facts as an import row stores them. */
export interface StoredMeta {
  format: string;
  encoding: string | null;
  delimiter: string | null;
}

/** One row of the file: its number as a spreadsheet shows it (the header is row 1) and its cells. */
export interface FileRow {
  rowNumber: number;
  cells: string[];
}

const SAMPLE_BYTES = 64 * 1024;
const DELIMITERS = [";", ",", "\t"] as const;

export const unprocessable = (message: string) => new AppError("validation_failed", message);
export const notTabular = () => unprocessable("The file is not a CSV or XLSX file");

async function head(filePath: string, bytes: number) {
  const handle = await open(filePath, "r");
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** Control bytes other than tab, line feed, carriage return and form feed mark a binary file. */
function looksBinary(sample: Buffer) {
  let control = 0;
  for (const b of sample) {
    if (b === 0) return true;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) control++;
  }
  return control > sample.length / 100;
}

/**
 * UTF-8 when every line with non-ASCII bytes is valid UTF-8, windows-1251 when none is. A file mixing
 * both (rows pasted together from two exports) is refused: either guess would garble half of it.
 * Read as a stream, so a late Cyrillic byte in 1251 is caught.
 */
async function detectEncoding(filePath: string): Promise<FileEncoding> {
  const first = { utf8: 0, other: 0 };
  let line = 0;
  const classify = (bytes: Buffer) => {
    line++;
    if (isAscii(bytes)) return;
    const kind = isUtf8(bytes) ? "utf8" : "other";
    first[kind] ||= line;
    if (first.utf8 && first.other) {
      throw unprocessable(
        `The file mixes encodings: line ${first.utf8} is UTF-8 and line ${first.other} is not. ` +
          "Save it again in one encoding (UTF-8 or windows-1251)",
      );
    }
  };
  let rest = Buffer.alloc(0);
  for await (const chunk of createReadStream(filePath)) {
    let data = Buffer.concat([rest, chunk as Buffer]);
    for (let end = data.indexOf(0x0a); end !== -1; end = data.indexOf(0x0a)) {
      classify(data.subarray(0, end));
      data = data.subarray(end + 1);
    }
    rest = data;
  }
  classify(rest);
  return first.other ? "windows-1251" : "utf-8";
}

/** The delimiter found most often outside quotes in the first lines; a comma when none is. */
export function guessDelimiter(text: string): string {
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  let lines = 0;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === "\n" && ++lines >= 20) break;
    else if (!quoted && counts.has(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  let best = ",";
  let max = 0;
  for (const [d, n] of counts) {
    if (n > max) [best, max] = [d, n];
  }
  return best;
}

/** Format by content (never by the file name), then the encoding and delimiter of a CSV. */
export async function detectFile(filePath: string): Promise<FileMeta> {
  const sample = await head(filePath, SAMPLE_BYTES);
  if (sample.length === 0 || sample.toString("latin1").trim() === "") {
    throw unprocessable("The file is empty");
  }
  if (sample.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) {
    return { format: "xlsx", encoding: null, delimiter: null };
  }
  if (looksBinary(sample)) throw notTabular();
  const encoding = await detectEncoding(filePath); // a BOM makes line 1 UTF-8
  const text = iconv.decode(sample, encoding === "utf-8" ? "utf8" : "win1251");
  return { format: "csv", encoding, delimiter: guessDelimiter(text) };
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value !== "object") return String(value);
  const v = value as { richText?: { text: string }[]; text?: unknown; result?: unknown; error?: unknown };
  if (v.richText) return v.richText.map((r) => r.text).join("");
  if (v.text !== undefined) return cellText(v.text);
  if (v.result !== undefined) return cellText(v.result);
  return "";
}

async function* csvRows(filePath: string, meta: StoredMeta): AsyncGenerator<FileRow> {
  const file = createReadStream(filePath);
  const parser = file.pipe(iconv.decodeStream(meta.encoding === "windows-1251" ? "win1251" : "utf8")).pipe(
    parse({
      delimiter: meta.delimiter ?? ",",
      bom: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
    }),
  );
  let rowNumber = 0;
  try {
    for await (const record of parser) {
      rowNumber++;
      yield { rowNumber, cells: (record as string[]).map((c) => c.trim()) };
    }
  } finally {
    file.destroy();
    parser.destroy();
  }
}

async function* xlsxRows(filePath: string): AsyncGenerator<FileRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(filePath, {
    worksheets: "emit",
    sharedStrings: "cache",
    hyperlinks: "ignore",
    styles: "ignore",
  });
  try {
    for await (const sheet of reader) {
      for await (const row of sheet) {
        const values = Array.isArray(row.values) ? row.values.slice(1) : [];
        yield { rowNumber: row.number, cells: Array.from(values, (v) => cellText(v).trim()) };
      }
      return; // the first worksheet only
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw notTabular();
  }
}

/** Every non-empty row, header first, read as a stream: the file is never loaded whole. */
export async function* readRows(filePath: string, meta: StoredMeta): AsyncGenerator<FileRow> {
  const rows = meta.format === "xlsx" ? xlsxRows(filePath) : csvRows(filePath, meta);
  for await (const row of rows) {
    if (row.cells.some((c) => c !== "")) yield row;
  }
}

/** Header names, made unique and never empty. */
export function headerNames(cells: string[]): string[] {
  const seen = new Map<string, number>();
  return cells.map((raw, i) => {
    const name = raw.trim() || `Column ${i + 1}`;
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    return n === 1 ? name : `${name} (${n})`;
  });
}

/** A row's cells by header. */
export function byHeader(headers: string[], cells: string[]): Record<string, string> {
  return Object.fromEntries(headers.map((h, i) => [h, cells[i] ?? ""]));
}
