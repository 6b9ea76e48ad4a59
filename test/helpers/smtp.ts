import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface CapturedMail {
  to: string;
  raw: string;
}

/** An SMTP server on a free port that keeps every message it is given. */
export async function startSmtpInbox(): Promise<{ url: string; inbox: CapturedMail[]; close(): Promise<void> }> {
  const inbox: CapturedMail[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (chunk) => (raw += chunk.toString('utf8')));
      stream.on('end', () => {
        inbox.push({ to: session.envelope.rcptTo.map((r) => r.address).join(','), raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`,
    inbox,
    close: () => new Promise<void>((resolve) => smtp.close(() => resolve())),
  };
}

/** The plain and HTML parts of a raw message, decoded (nodemailer picks quoted-printable or base64). */
export function decodedParts(raw: string): { text: string; html: string } {
  const part = (type: string) => {
    const start = raw.indexOf(`Content-Type: ${type}`);
    const headersEnd = raw.indexOf('\r\n\r\n', start);
    const body = raw.slice(headersEnd + 4, raw.indexOf('\r\n----', start));
    if (/Content-Transfer-Encoding: base64/i.test(raw.slice(start, headersEnd))) return Buffer.from(body, 'base64').toString('utf8');
    const bytes = body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex) => String.fromCharCode(parseInt(hex, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  };
  return { text: part('text/plain'), html: part('text/html') };
}

/** The invitation link in a captured email's plain text. */
export function invitationLink(mail: CapturedMail): string {
  const link = /https?:\/\/\S+\/console\/invite\/[A-Za-z0-9_-]+/.exec(decodedParts(mail.raw).text)?.[0];
  if (!link) throw new Error(`no invitation link in:\n${mail.raw}`);
  return link;
}
