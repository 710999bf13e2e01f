import { randomBytes } from "node:crypto";
import { strToU8, Zip, ZipDeflate, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { safeEntryName, UnsafeArchiveError, unzipEntries } from "./zip.ts";

async function* chunked(bytes: Uint8Array, size = 1000): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

/** The archive's files, joined from their chunks, in the order they came out. */
async function unzipAll(
  bytes: Uint8Array,
  options: { size?: number; limits?: Parameters<typeof unzipEntries>[1] } = {},
): Promise<[string, string][]> {
  const files: [string, string][] = [];
  let open: { name: string; parts: Uint8Array[] } | null = null;
  for await (const { name, chunk, final } of unzipEntries(chunked(bytes, options.size), options.limits)) {
    if (!open) open = { name, parts: [] };
    expect(name).toBe(open.name);
    open.parts.push(chunk);
    if (final) {
      files.push([name, Buffer.concat(open.parts).toString("utf8")]);
      open = null;
    }
  }
  expect(open).toBeNull();
  return files;
}

async function failure(promise: Promise<unknown>): Promise<UnsafeArchiveError> {
  const error = await promise.then(
    () => null,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(UnsafeArchiveError);
  return error as UnsafeArchiveError;
}

const importXml = `<?xml version="1.0" encoding="UTF-8"?><КоммерческаяИнформация>${"<Товар/>".repeat(20_000)}</КоммерческаяИнформация>`;

describe("safeEntryName", () => {
  it.each([
    ["import.xml", "import.xml"],
    ["import_files/ab/photo.jpg", "import_files/ab/photo.jpg"],
    ["./import0_1//offers.xml", "import0_1/offers.xml"],
    ["dir/", "dir"],
    ["import_files\\ab\\photo.jpg", "import_files/ab/photo.jpg"],
    ["файлы/товар.jpg", "файлы/товар.jpg"],
    ["a..b/c.xml", "a..b/c.xml"],
  ])("%j → %j", (name, safe) => {
    expect(safeEntryName(name)).toBe(safe);
  });

  it.each([
    "",
    ".",
    "./",
    "../evil.xml",
    "a/../../b",
    "a/../b",
    "..",
    "/etc/x",
    "//server/share/x",
    "C:\\x",
    "C:x",
    "c:/windows/x",
    "..\\evil.xml",
    "a\\..\\..\\b",
    "\\\\server\\share",
    "a/\u0000b",
    "a\nb",
    "a/.../b",
    "a/. ./b",
    "file.xml:stream",
    "x".repeat(2000),
  ])("refuses %j", (name) => {
    expect(() => safeEntryName(name)).toThrow(UnsafeArchiveError);
  });
});

describe("unzipEntries", () => {
  it("streams entries one after another, chunk by chunk, skipping directories", async () => {
    const archive = zipSync({
      "import.xml": strToU8(importXml),
      "import_files/": new Uint8Array(0),
      "import_files/ab/photo.jpg": strToU8("JPEG"),
      "offers.xml": [strToU8("<offers/>"), { level: 0 }],
      "empty.txt": new Uint8Array(0),
    });
    const files = await unzipAll(archive, { size: 777 });
    expect(files).toEqual([
      ["import.xml", importXml],
      ["import_files/ab/photo.jpg", "JPEG"],
      ["offers.xml", "<offers/>"],
      ["empty.txt", ""],
    ]);
  });

  it("reads archives written as a stream (sizes in data descriptors)", async () => {
    const parts: Uint8Array[] = [];
    const zip = new Zip((err, data) => {
      if (err) throw err;
      parts.push(data);
    });
    for (const [name, text] of [
      ["import.xml", importXml],
      ["offers.xml", "<offers/>"],
    ] as const) {
      const entry = new ZipDeflate(name, { level: 6 });
      zip.add(entry);
      entry.push(strToU8(text), true);
    }
    zip.end();
    expect(await unzipAll(Buffer.concat(parts), { size: 333 })).toEqual([
      ["import.xml", importXml],
      ["offers.xml", "<offers/>"],
    ]);
  });

  it("yields a big entry in several chunks", async () => {
    // Photos do not compress, so their bytes arrive about as fast as the archive's.
    const big = randomBytes(3_000_000);
    let chunks = 0;
    for await (const { final } of unzipEntries(chunked(zipSync({ "big.xml": big }), 4096))) {
      chunks += 1;
      if (final) break;
    }
    expect(chunks).toBeGreaterThan(2);
  });

  it("pulls the next source chunk only after the consumer took the output", async () => {
    const archive = zipSync(
      { "a.xml": strToU8("a".repeat(200_000)), "b.xml": strToU8("b".repeat(200_000)) },
      { level: 0 },
    );
    let pulled = 0;
    async function* source() {
      for (let i = 0; i < archive.length; i += 10_000) {
        pulled += 1;
        yield archive.subarray(i, i + 10_000);
      }
    }
    const entries = unzipEntries(source());
    await entries.next();
    expect(pulled).toBe(1);
    // Stored entries pass through, so each source chunk gives at most a couple of output chunks.
    await entries.next();
    await entries.next();
    expect(pulled).toBeLessThanOrEqual(3);
    await entries.return(undefined);
  });

  it.each(["../evil.xml", "/etc/x", "a/../../b", "C:\\x", "..\\evil.xml"])(
    "refuses an archive with %j before yielding anything of it",
    async (name) => {
      const archive = zipSync({ "ok.xml": strToU8("<ok/>"), [name]: strToU8("pwned") });
      const seen: string[] = [];
      const error = await failure(
        (async () => {
          for await (const { name: entry } of unzipEntries(chunked(archive, 16))) seen.push(entry);
        })(),
      );
      expect(error.message).toMatch(/entry name|Drive letter|Absolute|Parent/);
      expect(seen.every((entry) => entry === "ok.xml")).toBe(true);
    },
  );

  it("refuses a zip bomb by total unpacked size", async () => {
    const archive = zipSync({ "bomb.xml": new Uint8Array(50_000_000) });
    expect(archive.length).toBeLessThan(200_000);
    const error = await failure(unzipAll(archive, { size: 65_536, limits: { maxTotalBytes: 10_000_000 } }));
    expect(error.message).toMatch(/more than 10000000 bytes/);
  });

  it("refuses too many entries", async () => {
    const files = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`f${i}.txt`, strToU8("x")]));
    await failure(unzipAll(zipSync(files), { limits: { maxEntries: 10 } }));
    expect(await unzipAll(zipSync(files), { limits: { maxEntries: 20 } })).toHaveLength(20);
  });

  it("refuses a truncated archive", async () => {
    const archive = zipSync({ "a.xml": strToU8(importXml), "b.xml": strToU8("<b/>") });
    for (const cut of [10, 40, Math.floor(archive.length / 2), archive.length - 30, archive.length - 5]) {
      await failure(unzipAll(archive.subarray(0, cut)));
    }
  });

  it("refuses garbage and corrupt data", async () => {
    await failure(unzipAll(strToU8("<html>500 Internal Server Error</html>")));
    const archive = zipSync({ "a.xml": strToU8(importXml) });
    const corrupt = archive.slice();
    corrupt.fill(0xff, 60, 200);
    await failure(unzipAll(corrupt));
  });
});
