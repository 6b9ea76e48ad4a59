import { newId } from '../../shared/ids.ts';
import type { SiteCall } from '../frame-messages.ts';
import type { ChatSession } from './chat-session.ts';

export interface SiteCallDeps {
  session: Pick<ChatSession, 'request' | 'setProfile'>;
  /** `Parley('locale', tag)`: the window's language and the one the server keeps. */
  setLocale(tag: string): void;
  invite(text: string): void;
  /** The site told us who the visitor is: the pre-chat form need not ask again. */
  identified(who: { name?: string; email?: string }): void;
  warn?: (message: string) => void;
}

type Attribute = string | number | boolean | null;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
/** Server-rendered pages often print numbers as strings: "1700000000" is taken as a number. */
const numeric = (v: unknown) => (typeof v === 'string' && /^\d+(\.\d+)?$/.test(v.trim()) ? Number(v) : v);

/**
 * Runs a site's `Parley(command, …)` call that the loader forwarded: checks its arguments
 * and sends it to the server. Mistakes are told on the console, where the site's developer
 * looks, and nothing is sent.
 */
export function runSiteCall(call: SiteCall, deps: SiteCallDeps): void {
  const warn = deps.warn ?? ((message: string) => console.warn(message));
  const [command, arg] = call;
  const refuse = (problem: string) => warn(`Parley('${String(command)}'): ${problem}`);
  const tellFailure = (res: { ok: boolean; error?: string }) => {
    if (!res.ok) refuse(res.error ?? 'refused');
  };

  switch (command) {
    case 'identify': {
      if (!isRecord(arg)) return refuse('give an object such as {id, name, email, signature, signedAt}');
      const who: { id?: string; name?: string; email?: string; signature?: string; signedAt?: number } = {};
      for (const key of ['id', 'name', 'email', 'signature'] as const) {
        const value = arg[key] === undefined || arg[key] === null ? undefined : numeric(arg[key]);
        if (value === undefined) continue;
        if (key === 'id' && typeof value === 'number') who.id = String(value);
        else if (typeof value !== 'string') return refuse(`${key} must be a string`);
        else who[key] = value;
      }
      const signedAt = numeric(arg.signedAt);
      if (signedAt !== undefined && signedAt !== null) {
        if (typeof signedAt !== 'number') return refuse('signedAt must be a number (epoch seconds)');
        who.signedAt = signedAt;
      }
      deps.identified({ name: who.name, email: who.email });
      void deps.session.request('visitor:identify', who).then(tellFailure);
      return;
    }
    case 'locale':
      if (typeof arg !== 'string' || !arg.trim()) return refuse('give a language tag such as "ru" or "bg-BG"');
      deps.setLocale(arg.trim().slice(0, 35));
      return;
    case 'department':
      if (typeof arg !== 'string' || !arg.trim()) return refuse('give a department id such as "sales"');
      deps.session.setProfile({ department: arg.trim() });
      return;
    case 'attributes': {
      if (!isRecord(arg)) return refuse('give an object of names and values');
      const attributes: Record<string, Attribute> = {};
      for (const [name, value] of Object.entries(arg)) {
        if (value !== null && !['string', 'number', 'boolean'].includes(typeof value)) return refuse(`${name} must be text, a number, true/false or null`);
        attributes[name] = value as Attribute;
      }
      void deps.session.request('visitor:attributes', attributes).then(tellFailure);
      return;
    }
    case 'conversion': {
      if (!isRecord(arg)) return refuse('give an object such as {value: 49.9, currency: "EUR"}');
      const value = numeric(arg.value);
      if (typeof value !== 'number' || !Number.isFinite(value)) return refuse('value must be a number');
      const conversion: { id: string; value: number; currency?: string } = { id: newId('cv_'), value };
      if (arg.currency !== undefined) {
        if (typeof arg.currency !== 'string') return refuse('currency must be a code such as "EUR"');
        conversion.currency = arg.currency.trim().toUpperCase();
      }
      void deps.session.request('conversion:record', conversion).then(tellFailure);
      return;
    }
    case 'invite':
      if (typeof arg !== 'string' || !arg.trim()) return refuse('give the text to show');
      deps.invite(arg.trim().slice(0, 300));
      return;
    default:
      warn(`Parley: unknown command "${String(command)}"`);
  }
}
