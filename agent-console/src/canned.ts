import type { CannedReply, Department } from '../../shared/protocol.ts';

/** The `/shortcut` being typed at the caret: where it starts and ends, and what follows the slash. */
export interface SlashToken {
  start: number;
  end: number;
  query: string;
}

/**
 * A slash starts a canned-reply search when it begins the text or follows a space or a new
 * line ("see /pricing" in a URL-like word such as "a/b" does not), up to the caret.
 */
export function slashTokenAt(text: string, caret: number): SlashToken | null {
  const before = text.slice(0, caret);
  const m = /(^|\s)\/([\p{L}\p{N}_-]*)$/u.exec(before);
  if (!m) return null;
  const start = before.length - m[2].length - 1;
  return { start, end: caret, query: m[2] };
}

export const SUGGESTION_LIMIT = 8;

/** Shortcuts starting with the query first, then shortcuts and texts containing it. */
export function matchCanned(canned: CannedReply[], query: string, limit = SUGGESTION_LIMIT): CannedReply[] {
  const q = query.toLocaleLowerCase();
  const rank = (c: CannedReply) => {
    const shortcut = c.shortcut.toLocaleLowerCase();
    if (shortcut.startsWith(q)) return 0;
    if (shortcut.includes(q)) return 1;
    if (c.text.toLocaleLowerCase().includes(q)) return 2;
    return -1;
  };
  return canned
    .map((c) => ({ c, r: rank(c) }))
    .filter((x) => x.r >= 0)
    .sort((a, b) => a.r - b.r || a.c.shortcut.localeCompare(b.c.shortcut))
    .slice(0, limit)
    .map((x) => x.c);
}

export interface CannedVariables {
  visitorName: string | null;
  agentName: string;
  siteName: string | null;
}

/**
 * Fills `{visitor.name}`, `{agent.name}` and `{site}`. A value nobody knows is left out, and
 * the sentence closed up around it ("Hello {visitor.name}!" → "Hello!"), rather than sending
 * a placeholder or an empty pair of commas to a visitor.
 */
export function fillCannedText(text: string, vars: CannedVariables): string {
  const values: Record<string, string | null> = {
    'visitor.name': vars.visitorName?.trim() || null,
    'agent.name': vars.agentName.trim() || null,
    site: vars.siteName?.trim() || null,
  };
  let missing = false;
  const filled = text.replace(/\{(visitor\.name|agent\.name|site)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === null) missing = true;
    return value ?? '';
  });
  if (!missing) return filled;
  return filled
    .replace(/[ \t]+([,.!?;:])/g, '$1')
    .replace(/([,;:])(?=[,.!?;:])/g, '')
    .replace(/^[ \t]*[,;:][ \t]*/gm, '')
    .replace(/[ \t]{2,}/g, ' ')
    .replace(/^[ \t]+|[ \t]+$/gm, '');
}

/** The text with `range` replaced by `insert`, and the caret just after it. */
export function replaceRange(text: string, range: { start: number; end: number }, insert: string) {
  return { text: text.slice(0, range.start) + insert + text.slice(range.end), caret: range.start + insert.length };
}

export interface CannedGroup {
  /** null: my personal replies; '' : shared with every department; otherwise a department id. */
  departmentId: string | null;
  name: string;
  replies: CannedReply[];
}

/** Personal replies first, then shared ones for everyone, then each department's. */
export function groupCanned(
  canned: CannedReply[],
  departments: Department[],
  names: { personal: string; everyone: string },
): CannedGroup[] {
  const groups: CannedGroup[] = [];
  const personal = canned.filter((c) => c.ownerAgentId !== null);
  if (personal.length) groups.push({ departmentId: null, name: names.personal, replies: personal });
  const everyone = canned.filter((c) => c.ownerAgentId === null && c.departmentId === null);
  if (everyone.length) groups.push({ departmentId: '', name: names.everyone, replies: everyone });
  const deptIds = [...new Set(canned.filter((c) => c.ownerAgentId === null && c.departmentId).map((c) => c.departmentId!))];
  for (const id of deptIds) {
    groups.push({
      departmentId: id,
      name: departments.find((d) => d.id === id)?.name ?? id,
      replies: canned.filter((c) => c.ownerAgentId === null && c.departmentId === id),
    });
  }
  return groups;
}
