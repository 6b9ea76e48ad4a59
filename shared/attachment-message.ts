/**
 * A file sent in the chat travels as an ordinary message (so the outbox, the server's record
 * and the agent's console all treat it as one): a first line naming it, then its address.
 *   📎 boots.png — PNG, 120 KB
 *   https://chat.example.com/api/attachments/att_…
 */
export interface SentFile {
  name: string;
  type: string;
  size: number;
  url: string;
}

export interface FileInMessage {
  name: string;
  kind: 'image' | 'pdf';
  label: string;
  url: string;
}

const LABELS: Record<string, string> = { 'image/png': 'PNG', 'image/jpeg': 'JPEG', 'image/gif': 'GIF', 'image/webp': 'WebP', 'application/pdf': 'PDF' };
export const ACCEPTED_TYPES = Object.keys(LABELS);
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

export function formatSize(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function fileMessageText(file: SentFile): string {
  return `📎 ${file.name} — ${LABELS[file.type] ?? file.type}, ${formatSize(file.size)}\n${file.url}`;
}

/**
 * The file a message carries, if it is one of ours: only addresses on the chat server itself
 * (`serverOrigin`) are shown as images or files, never one typed into a message.
 */
export function fileInMessage(text: string, serverOrigin: string): FileInMessage | null {
  const match = /^📎 (.+) — (PNG|JPEG|GIF|WebP|PDF), (\d+(?:\.\d)? [KM]B)\n(\S+)$/u.exec(text);
  if (!match) return null;
  const [, name, type, size, url] = match;
  try {
    const parsed = new URL(url!);
    if (parsed.origin !== serverOrigin || !/^\/api\/attachments\/att_[0-9a-f]{32}$/.test(parsed.pathname)) return null;
  } catch {
    return null;
  }
  return { name: name!, kind: type === 'PDF' ? 'pdf' : 'image', label: `${type}, ${size}`, url: url! };
}
