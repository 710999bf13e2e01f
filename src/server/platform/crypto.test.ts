import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createSecretBox, embeddedKey, KEY_FILE, keyIdOf, maskSecret, parseKey } from "./crypto.ts";

describe("secrets at rest", () => {
  const key = randomBytes(32);

  it("seals with AES-256-GCM under the key's id and opens again", () => {
    const box = createSecretBox(key);
    const sealed = box.seal("123456789:AAH-token", "telegram.token");
    expect(sealed).toMatch(new RegExp(`^v1:${keyIdOf(key)}:`));
    expect(sealed).not.toContain("AAH-token");
    expect(box.seal("same", "x")).not.toBe(box.seal("same", "x")); // a fresh IV every time
    expect(box.open(sealed, "telegram.token")).toBe("123456789:AAH-token");
  });

  it("refuses an altered value, another field's value and an unknown key", () => {
    const box = createSecretBox(key);
    const sealed = box.seal("secret", "whatsapp.appSecret");
    const parts = sealed.split(":");
    parts[3] = Buffer.from("forged").toString("base64url");
    expect(() => box.open(parts.join(":"), "whatsapp.appSecret")).toThrow(/altered/);
    expect(() => box.open(sealed, "whatsapp.accessToken")).toThrow(/another field/);
    expect(() => createSecretBox(randomBytes(32)).open(sealed, "whatsapp.appSecret")).toThrow(
      /does not have/,
    );
    expect(() => box.open("plain text", "x")).toThrow(/not a sealed secret/);
  });

  it("rotates: a new key seals, the previous one still opens old values", () => {
    const old = createSecretBox(key);
    const sealed = old.seal("kept", "avito.clientSecret");
    const rotated = createSecretBox(randomBytes(32), [key]);
    expect(rotated.open(sealed, "avito.clientSecret")).toBe("kept");
    expect(rotated.seal("new", "x").split(":")[1]).toBe(rotated.keyId);
  });

  it("reads keys as base64 or hex and refuses other lengths", () => {
    expect(parseKey(key.toString("base64")).equals(key)).toBe(true);
    expect(parseKey(key.toString("hex")).equals(key)).toBe(true);
    expect(() => parseKey(randomBytes(16).toString("base64"))).toThrow(/32 bytes/);
  });

  it("makes the embedded key once, readable by its owner only, and reuses it", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "flame-key-"));
    try {
      const [a, b] = await Promise.all([embeddedKey(dir), embeddedKey(dir)]);
      expect(a.equals(b)).toBe(true);
      expect((await embeddedKey(dir)).equals(a)).toBe(true);
      expect((await stat(path.join(dir, KEY_FILE))).mode & 0o777).toBe(0o600);
      expect((await readFile(path.join(dir, KEY_FILE), "utf8")).trim()).toBe(a.toString("base64"));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("masks secrets for the API", () => {
    expect(maskSecret("123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw")).toBe("1234…Dsaw");
    expect(maskSecret("short")).toBe("•••••");
  });
});
