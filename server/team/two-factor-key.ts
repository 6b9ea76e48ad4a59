import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

// TOTP secrets must be readable by the server (it computes the codes), so they cannot be hashed
// like passwords. They are encrypted with a key kept in a file beside the chat files (FILES_DIR,
// which every node shares) and never in the database: a database dump or a Postgres backup
// alone does not give anyone the codes.

export const TWO_FACTOR_KEY_FILE = 'two-factor.key';

/** The key in `dir`, made the first time (the first node to make it wins; the others read it). */
export async function twoFactorKey(dir: string): Promise<Buffer> {
  const file = join(dir, TWO_FACTOR_KEY_FILE);
  await mkdir(dir, { recursive: true });
  // Written whole under a name of its own, then linked into place: a link either is made or
  // finds the other node's file, so nobody ever reads a half-written key.
  const draft = `${file}.${process.pid}.${randomBytes(6).toString('hex')}`;
  await writeFile(draft, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
  try {
    await link(draft, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    await unlink(draft);
  }
  const key = Buffer.from((await readFile(file, 'utf8')).trim(), 'base64');
  if (key.length !== 32) throw new Error(`${file} must hold a 32-byte key in base64`);
  return key;
}

/** AES-256-GCM: `iv.tag.ciphertext`, base64url each; tampering makes decryption throw. */
export function encryptSecret(key: Buffer, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), data].map((b) => b.toString('base64url')).join('.');
}

export function decryptSecret(key: Buffer, stored: string): string {
  const [iv, tag, data] = stored.split('.').map((part) => Buffer.from(part, 'base64url'));
  const decipher = createDecipheriv('aes-256-gcm', key, iv!);
  decipher.setAuthTag(tag!);
  return Buffer.concat([decipher.update(data!), decipher.final()]).toString('utf8');
}
