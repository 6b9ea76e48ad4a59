import { createDecipheriv, createECDH, createHmac, createPublicKey, randomBytes, verify } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// A Web Push service on 127.0.0.1 (https, with its own certificate) for the server's sending:
// it checks the VAPID signature (RFC 8292) and decrypts each message with the subscription's
// private keys (RFC 8291, aes128gcm, RFC 8188), as a browser's push service and browser would.

export interface DeliveredPush {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** The VAPID public key the request was signed with (base64url), its signature checked. */
  vapidKey: string;
  payload: unknown;
}

/** A browser's side of a subscription: its keys and what pushSubscription.toJSON() gives. */
export class TestSubscription {
  private readonly ecdh = createECDH('prime256v1');
  readonly auth = randomBytes(16);
  readonly publicKey: Buffer;
  constructor(readonly endpoint: string) {
    this.publicKey = this.ecdh.generateKeys();
  }
  toJSON() {
    return { endpoint: this.endpoint, keys: { p256dh: this.publicKey.toString('base64url'), auth: this.auth.toString('base64url') } };
  }

  /** RFC 8291 §3.4 and RFC 8188: one record, the sender's public key as its key id. */
  decrypt(body: Buffer): string {
    const salt = body.subarray(0, 16);
    const idLength = body.readUInt8(20);
    const senderKey = body.subarray(21, 21 + idLength);
    const ciphertext = body.subarray(21 + idLength);
    const hmac = (key: Buffer, data: Buffer) => createHmac('sha256', key).update(data).digest();
    const shared = this.ecdh.computeSecret(senderKey);
    const prkKey = hmac(this.auth, shared);
    const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), this.publicKey, senderKey, Buffer.from([1])]);
    const ikm = hmac(prkKey, keyInfo);
    const prk = hmac(salt, ikm);
    const cek = hmac(prk, Buffer.from('Content-Encoding: aes128gcm\0\x01')).subarray(0, 16);
    const nonce = hmac(prk, Buffer.from('Content-Encoding: nonce\0\x01')).subarray(0, 12);
    const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
    decipher.setAuthTag(ciphertext.subarray(-16));
    const padded = Buffer.concat([decipher.update(ciphertext.subarray(0, -16)), decipher.final()]);
    // The last record ends with the delimiter 2, then zero or more zero bytes of padding.
    let end = padded.length - 1;
    while (end >= 0 && padded[end] === 0) end--;
    if (padded[end] !== 2) throw new Error('no last-record delimiter');
    return padded.subarray(0, end).toString('utf8');
  }
}

function checkVapid(authorization: string, audience: string): string {
  const match = /^vapid t=([^,]+),\s*k=(.+)$/.exec(authorization);
  if (!match) throw new Error(`not a VAPID authorization: ${authorization}`);
  const [jwt, key] = [match[1]!, match[2]!.trim()];
  const [header, claims, signature] = jwt.split('.') as [string, string, string];
  const raw = Buffer.from(key, 'base64url');
  const publicKey = createPublicKey({
    key: { kty: 'EC', crv: 'P-256', x: raw.subarray(1, 33).toString('base64url'), y: raw.subarray(33).toString('base64url') },
    format: 'jwk',
  });
  const ok = verify('sha256', Buffer.from(`${header}.${claims}`), { key: publicKey, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature, 'base64url'));
  if (!ok) throw new Error('VAPID signature does not verify');
  const body = JSON.parse(Buffer.from(claims, 'base64url').toString());
  if (body.aud !== audience) throw new Error(`VAPID audience ${body.aud}, expected ${audience}`);
  return key;
}

export interface TestPushService {
  url: string;
  caFile: string;
  delivered: DeliveredPush[];
  /** Answers pushes to this path with `status` (404, 410: the subscription is gone). */
  answer(path: string, status: number): void;
  subscription(path: string): TestSubscription;
  close(): Promise<void>;
}

export async function startPushService(): Promise<TestPushService> {
  const dir = mkdtempSync(join(tmpdir(), 'parley-push-'));
  const keyFile = join(dir, 'key.pem');
  const certFile = join(dir, 'cert.pem');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
    '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
    '-keyout', keyFile, '-out', certFile,
  ], { stdio: 'ignore' });
  const delivered: DeliveredPush[] = [];
  const answers = new Map<string, number>();
  const subscriptions = new Map<string, TestSubscription>();
  let url = '';
  const server: Server = createServer({ key: readFileSync(keyFile), cert: readFileSync(certFile) }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      try {
        const status = answers.get(path) ?? 201;
        if (status === 201) {
          if (req.headers['content-encoding'] !== 'aes128gcm') throw new Error(`content-encoding ${req.headers['content-encoding']}`);
          const vapidKey = checkVapid(String(req.headers.authorization), url);
          const subscription = subscriptions.get(path);
          if (!subscription) throw new Error(`no subscription at ${path}`);
          delivered.push({ path, headers: req.headers, vapidKey, payload: JSON.parse(subscription.decrypt(Buffer.concat(chunks))) });
        }
        res.writeHead(status).end();
      } catch (err) {
        delivered.push({ path, headers: req.headers, vapidKey: '', payload: { error: String(err) } });
        res.writeHead(400).end(String(err));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    caFile: certFile,
    delivered,
    answer: (path, status) => void answers.set(path, status),
    subscription(path) {
      const s = new TestSubscription(`${url}${path}`);
      subscriptions.set(path, s);
      return s;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
