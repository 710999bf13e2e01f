// Streaming unzip for the zip=yes exchange: 1C sends one archive (XML plus image folders) and we unpack
// it entry by entry without holding it, refusing names that would escape the upload folder and archives
// that inflate beyond the limits.
//
// Every archive problem — unsafe name, over a limit, corrupt or truncated data, an unknown compression
// method — is an UnsafeArchiveError, so the exchange has one error to turn into `failure`.
// Names without the zip UTF-8 flag are read as Latin-1 (fflate's choice); 1C writes ASCII names.
import { Unzip, type UnzipFile, UnzipInflate } from "fflate";

export class UnsafeArchiveError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UnsafeArchiveError";
  }
}

const DEFAULT_MAX_ENTRIES = 10_000;
const DEFAULT_MAX_TOTAL_BYTES = 2 * 1024 ** 3;
/**
 * Compressed bytes pushed into the inflater at a time. DEFLATE expands at most ~1032:1, so one push
 * produces at most ~8 MB before the byte limit is checked again.
 */
const PUSH_BYTES = 8 * 1024;
/** The end-of-central-directory record sits in the last 22 + 65 535 (comment) bytes. */
const TAIL_BYTES = 22 + 0xffff;
const MAX_NAME_LENGTH = 1024;

/** A normalised relative path ("a/b.xml"), or UnsafeArchiveError for anything that could escape. */
export function safeEntryName(name: string): string {
  if (name === "") throw new UnsafeArchiveError("Archive entry with an empty name");
  if (name.length > MAX_NAME_LENGTH) throw new UnsafeArchiveError("Archive entry name is too long");
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we refuse.
  if (/[\u0000-\u001f\u007f]/.test(name)) {
    throw new UnsafeArchiveError(`Archive entry name with control characters: ${JSON.stringify(name)}`);
  }
  // Windows unpackers treat "\" as a separator, so it is one here too.
  const path = name.replace(/\\/g, "/");
  if (path.startsWith("/"))
    throw new UnsafeArchiveError(`Absolute archive entry name: ${JSON.stringify(name)}`);
  if (/^[A-Za-z]:/.test(path))
    throw new UnsafeArchiveError(`Drive letter in entry name: ${JSON.stringify(name)}`);
  const segments: string[] = [];
  for (const segment of path.split("/")) {
    if (segment === "" || segment === ".") continue;
    // "..", and "..." or ". ." which Windows trims down to a dot name.
    if (/^[.\s]+$/.test(segment)) {
      throw new UnsafeArchiveError(`Parent directory in entry name: ${JSON.stringify(name)}`);
    }
    // "file.xml:stream" writes an NTFS alternate stream.
    if (segment.includes(":")) throw new UnsafeArchiveError(`Colon in entry name: ${JSON.stringify(name)}`);
    segments.push(segment);
  }
  if (segments.length === 0)
    throw new UnsafeArchiveError(`Archive entry with no name: ${JSON.stringify(name)}`);
  return segments.join("/");
}

function hasEndOfCentralDirectory(tail: Uint8Array): boolean {
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail[i] === 0x50 && tail[i + 1] === 0x4b && tail[i + 2] === 0x05 && tail[i + 3] === 0x06) return true;
  }
  return false;
}

/**
 * The files of a zip archive, one after another and chunk by chunk (the `final` chunk may be empty).
 * The next source chunk is read only after the consumer took everything unpacked from the previous one.
 * Directories are skipped.
 */
export async function* unzipEntries(
  source: AsyncIterable<Uint8Array>,
  limits: { maxEntries?: number; maxTotalBytes?: number } = {},
): AsyncGenerator<{ name: string; chunk: Uint8Array; final: boolean }> {
  const maxEntries = limits.maxEntries ?? DEFAULT_MAX_ENTRIES;
  const maxTotalBytes = limits.maxTotalBytes ?? DEFAULT_MAX_TOTAL_BYTES;
  const queue: { name: string; chunk: Uint8Array; final: boolean }[] = [];
  let failure: UnsafeArchiveError | null = null;
  let entries = 0;
  let totalBytes = 0;
  let unfinished = 0;
  let tail = new Uint8Array(0);

  const fail = (message: string) => {
    failure ??= new UnsafeArchiveError(message);
  };

  const onFile = (file: UnzipFile) => {
    if (failure) return;
    entries += 1;
    if (entries > maxEntries) return fail(`The archive has more than ${maxEntries} entries`);
    let name: string;
    try {
      name = safeEntryName(file.name);
    } catch (err) {
      failure = err as UnsafeArchiveError;
      return;
    }
    const directory = /[/\\]$/.test(file.name);
    if (file.originalSize !== undefined && totalBytes + file.originalSize > maxTotalBytes) {
      return fail(`The archive unpacks to more than ${maxTotalBytes} bytes`);
    }
    unfinished += 1;
    file.ondata = (err, data, final) => {
      if (failure) return;
      if (err) return fail(`Corrupt archive entry ${name}: ${err.message}`);
      totalBytes += data.length;
      if (totalBytes > maxTotalBytes) return fail(`The archive unpacks to more than ${maxTotalBytes} bytes`);
      if (final) unfinished -= 1;
      if (directory) {
        if (data.length > 0) fail(`Directory entry ${name} holds data`);
        return;
      }
      if (data.length > 0 || final) queue.push({ name, chunk: data, final });
    };
    try {
      file.start();
    } catch (err) {
      fail(`Cannot unpack ${name}: ${(err as Error).message}`);
    }
  };

  const unzip = new Unzip(onFile);
  unzip.register(UnzipInflate);
  const push = (bytes: Uint8Array, final: boolean) => {
    try {
      unzip.push(bytes, final);
    } catch (err) {
      fail(`Corrupt or truncated archive: ${(err as Error).message}`);
    }
    if (failure) throw failure;
  };

  for await (const chunk of source) {
    for (let offset = 0; offset < chunk.length; offset += PUSH_BYTES) {
      push(chunk.subarray(offset, offset + PUSH_BYTES), false);
      yield* queue.splice(0);
    }
    const joined = new Uint8Array(Math.min(TAIL_BYTES, tail.length + chunk.length));
    const fromChunk = Math.min(chunk.length, joined.length);
    joined.set(tail.subarray(tail.length - (joined.length - fromChunk)), 0);
    joined.set(chunk.subarray(chunk.length - fromChunk), joined.length - fromChunk);
    tail = joined;
  }
  push(new Uint8Array(0), true);
  yield* queue.splice(0);
  if (unfinished > 0 || !hasEndOfCentralDirectory(tail)) {
    throw new UnsafeArchiveError("Truncated archive: it ends before its central directory");
  }
}
