import express, { Router, type Request, type Response } from 'express';
import { blockOf } from '../store/visitor-blocks.ts';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Deps } from '../deps.ts';
import type { Config } from '../config.ts';
import { retryAfterSec, type VisitorBudgets } from '../cluster/visitor-budgets.ts';
import { addressKey } from './sign-in-limits.ts';
import { chatStatus, getChat, visitorIdForToken } from '../store/chats.ts';
import {
  attachmentsSentSince,
  getAttachment,
  insertAttachment,
  type AttachmentRow,
  type AttachmentSender,
  type AttachmentType,
} from '../store/attachments.ts';
import { requireAgent } from './auth.ts';
import { badRequest } from './errors.ts';
import { withoutBidiControls } from '../../shared/schemas.ts';

/** The most a visitor may send in one file. */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
/** Files one visitor may send per hour: a chat needs a few, not a disk's worth. */
export const ATTACHMENTS_PER_HOUR = 20;
/** Files one agent may send per hour, over all their chats. */
export const AGENT_ATTACHMENTS_PER_HOUR = 200;

const startsWith = (bytes: Buffer, signature: number[], at = 0) => signature.every((b, i) => bytes[at + i] === b);
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

/**
 * What the file is, from its first bytes (its name and the type the browser claims say
 * nothing): one of the accepted images or a PDF, else null.
 */
export function detectAttachmentType(bytes: Buffer): AttachmentType | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return 'image/gif';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'image/webp';
  if (startsWith(bytes, ascii('%PDF-'))) return 'application/pdf';
  return null;
}

/** Where attachments live by default: beside the database (a temporary directory for an in-memory one). */
export function attachmentsDir(databasePath: string): string {
  return databasePath === ':memory:' ? join(tmpdir(), 'parley-attachments') : join(dirname(resolve(databasePath)), 'attachments');
}

/** Where the files live: FILES_DIR, else beside the database. */
export function filesDirOf(config: Config): string {
  return config.filesDir ? resolve(config.filesDir) : attachmentsDir(config.databasePath);
}

/** A file name fit for a header and a screen: no path, no control characters, not too long. */
function cleanName(raw: string, type: AttachmentType): string {
  const base = withoutBidiControls(raw.split(/[\\/]/).pop()!.replace(/[\u0000-\u001f\u007f"]/g, '')).trim().slice(0, 200);
  return base || (type === 'application/pdf' ? 'document.pdf' : 'image');
}

/**
 * POST /api/widget/attachments: the chat window (same origin as this server) sends one file as
 * the request body, the visitor's token as `Authorization: Bearer …` and the file's name in
 * `?name=`; the answer names the stored file and its address. GET /api/attachments/:id serves it as what it is and nothing
 * else: a download for PDFs, nothing a browser would run.
 */
export function widgetAttachmentsRouter({ db, clock, config }: Deps, budgets: VisitorBudgets): Router {
  const router = Router();
  const dir = filesDirOf(config);

  /** Checks and stores one uploaded file; answers the row, or sends the refusal and answers null. */
  async function store(req: Request, res: Response, owner: AttachmentSender, limit: number): Promise<AttachmentRow | null> {
    const bytes = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    if (!bytes.length) {
      badRequest(res, 'file', 'the file is empty');
      return null;
    }
    const type = detectAttachmentType(bytes);
    if (!type) {
      badRequest(res, 'file', 'only images (PNG, JPEG, GIF, WebP) and PDF files can be sent');
      return null;
    }
    const now = clock.now();
    if ((await attachmentsSentSince(db, owner, now - 3600_000)) >= limit) {
      res.status(429).json({ error: `at most ${limit} files an hour`, field: 'file' });
      return null;
    }
    const row: AttachmentRow = { id: `att_${randomBytes(16).toString('hex')}`, name: cleanName(String(req.query.name ?? ''), type), type, size: bytes.length };
    mkdirSync(dir, { recursive: true });
    // The file first, then the row: a row never names a file that isn't there.
    writeFileSync(join(dir, row.id), bytes);
    await insertAttachment(db, row, owner, now);
    return row;
  }

  const raw = express.raw({ type: () => true, limit: MAX_ATTACHMENT_BYTES });

  router.post('/widget/attachments', raw, async (req, res) => {
    const token = /^Bearer (.{1,200})$/.exec(req.get('authorization') ?? '')?.[1];
    const visitorId = token ? await visitorIdForToken(db, token) : undefined;
    if (!visitorId) {
      res.status(401).json({ error: 'a visitor token is required' });
      return;
    }
    // A blocked visitor's file would reach nobody: not even stored.
    if (await blockOf(db, visitorId, addressKey(req.ip))) {
      res.status(403).json({ error: 'blocked: chat is not available', field: 'blocked' });
      return;
    }
    // A new token is free to get: the address and the whole server have budgets of their own.
    const bytes = Buffer.isBuffer(req.body) ? req.body.length : 0;
    const over = bytes ? await budgets.upload(addressKey(req.ip), bytes) : null;
    if (over) {
      res.setHeader('Retry-After', retryAfterSec(over));
      res.status(429).json({ error: over.error, field: 'file', retryAfterMs: over.retryAfterMs });
      return;
    }
    const row = await store(req, res, { visitorId, agentId: null }, ATTACHMENTS_PER_HOUR);
    // The window is served by this server: its request says how visitors reach it.
    if (row) res.status(201).json({ attachment: { ...row, url: `${req.protocol}://${req.get('host')}/api/attachments/${row.id}` } });
  });

  /**
   * POST /api/attachments?chatId=…&name=…: an agent sends a file in a chat of theirs (session
   * cookie or bearer token). The address is on PUBLIC_URL, where the visitor's window lives,
   * whatever address the console was opened at.
   */
  router.post('/attachments', requireAgent(db, clock), raw, async (req, res) => {
    const agent = req.agent!;
    const chat = typeof req.query.chatId === 'string' ? await getChat(db, req.query.chatId) : undefined;
    if (!chat) return badRequest(res, 'chatId', 'no such chat');
    // Active and theirs: a chat back in the queue still names its last agent.
    if (chatStatus(chat) !== 'active' || chat.agent_id !== agent.id) {
      res.status(403).json({ error: 'chatId: files can be sent only in an open chat of yours', field: 'chatId' });
      return;
    }
    const row = await store(req, res, { visitorId: chat.visitor_id, agentId: agent.id }, AGENT_ATTACHMENTS_PER_HOUR);
    if (row) res.status(201).json({ attachment: { ...row, url: `${config.publicUrl.replace(/\/$/, '')}/api/attachments/${row.id}` } });
  });

  router.get('/attachments/:id', async (req, res) => {
    const row = await getAttachment(db, req.params.id as string);
    if (!row) {
      res.status(404).json({ error: 'no such attachment' });
      return;
    }
    const disposition = row.type === 'application/pdf' ? 'attachment' : 'inline';
    res.setHeader('Content-Type', row.type);
    res.setHeader('Content-Disposition', `${disposition}; filename*=UTF-8''${encodeURIComponent(row.name)}`);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    // Even opened on its own, the file can run nothing and load nothing.
    res.setHeader('Content-Security-Policy', "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox");
    res.setHeader('Cache-Control', 'private, max-age=86400, immutable');
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    res.sendFile(join(dir, row.id), { dotfiles: 'deny', cacheControl: false }, (err) => {
      if (err && !res.headersSent) res.status(404).json({ error: 'the file is gone' });
    });
  });

  return router;
}
