// Secrets at rest (provider tokens, app secrets): AES-256-GCM with node:crypto. A sealed value names
// the key that sealed it, so keys can rotate: new values use the current key, old ones still open with
// the key they name. In server mode the key is FLAME_ENCRYPTION_KEY (the same on every node); in
// embedded mode it is generated on first start into the data folder.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";

const VERSION = "v1";
const IV_BYTES = 12;
export const KEY_FILE = "encryption.key";

/** 32 bytes from base64 (44 characters) or hex (64 characters), as FLAME_ENCRYPTION_KEY is validated. */
export function parseKey(text: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed)
    ? Buffer.from(trimmed, "hex")
    : Buffer.from(trimmed, "base64");
  if (key.length !== 32) throw new Error("an encryption key is 32 bytes, as base64 or hex");
  return key;
}

/** A short public name of a key: sealed values carry it, never the key. */
export const keyIdOf = (key: Buffer) => createHash("sha256").update(key).digest("hex").slice(0, 8);

export class SecretError extends Error {
  override name = "SecretError";
}

export interface SecretBox {
  /** The id of the key new values are sealed with. */
  keyId: string;
  /** `context` (e.g. "messaging.credentials") is authenticated: a value moved to another field will not open. */
  seal(plaintext: string, context: string): string;
  open(sealed: string, context: string): string;
}

/** Seals with `current`; opens values sealed with `current` or any of `previous` (rotation). */
export function createSecretBox(current: Buffer, previous: Buffer[] = []): SecretBox {
  const keys = new Map([current, ...previous].map((k) => [keyIdOf(k), k]));
  const keyId = keyIdOf(current);
  return {
    keyId,
    seal(plaintext, context) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv("aes-256-gcm", current, iv);
      cipher.setAAD(Buffer.from(context));
      const data = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      return [VERSION, keyId, iv, data, cipher.getAuthTag()]
        .map((part) => (typeof part === "string" ? part : part.toString("base64url")))
        .join(":");
    },
    open(sealed, context) {
      const [version, id, iv, data, tag] = sealed.split(":");
      if (version !== VERSION || !id || !iv || data === undefined || !tag) {
        throw new SecretError("not a sealed secret");
      }
      const key = keys.get(id);
      if (!key) throw new SecretError(`sealed with key ${id}, which this server does not have`);
      try {
        const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
        decipher.setAAD(Buffer.from(context));
        decipher.setAuthTag(Buffer.from(tag, "base64url"));
        return Buffer.concat([decipher.update(Buffer.from(data, "base64url")), decipher.final()]).toString(
          "utf8",
        );
      } catch {
        throw new SecretError("the sealed secret was altered or belongs to another field");
      }
    },
  };
}

/** The embedded installation's key: read from the data folder, or made there (readable by its owner only). */
export async function embeddedKey(dataDir: string): Promise<Buffer> {
  const file = path.resolve(dataDir, KEY_FILE);
  const existing = await readFile(file, "utf8").catch((err: NodeJS.ErrnoException) => {
    if (err.code === "ENOENT") return null;
    throw err;
  });
  if (existing !== null) return parseKey(existing);
  await mkdir(path.dirname(file), { recursive: true });
  const key = randomBytes(32);
  // `wx`: two processes starting at once cannot both write a key; the loser reads the winner's.
  await writeFile(file, `${key.toString("base64")}\n`, { mode: 0o600, flag: "wx" }).catch(async (err) => {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
  });
  return parseKey(await readFile(file, "utf8"));
}

/** "1234…wxyz": enough for a person to recognise a secret, never enough to use it. */
export function maskSecret(secret: string): string {
  if (secret.length <= 8) return "•".repeat(secret.length);
  return `${secret.slice(0, 4)}…${secret.slice(-4)}`;
}
