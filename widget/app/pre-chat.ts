import type { WidgetConfig } from '../../shared/protocol.ts';
import type { KeyValueStore } from './local-store.ts';

export const PRECHAT_KEY = 'parley.prechat';

export type PreChatField = 'name' | 'email' | 'department';

export interface PreChatQuestion {
  field: PreChatField;
  required: boolean;
}

/**
 * The pre-chat form's memory: whether this visitor has filled it in (it is asked once), and
 * what the site already said about them with `Parley('identify')` (not asked again).
 */
export class PreChat {
  private known: { name?: string; email?: string } = {};

  constructor(private store: KeyValueStore) {}

  get done(): boolean {
    return this.store.get(PRECHAT_KEY) === '1';
  }

  complete(): void {
    this.store.set(PRECHAT_KEY, '1');
  }

  identified(who: { name?: string; email?: string }): void {
    if (who.name) this.known.name = who.name;
    if (who.email) this.known.email = who.email;
  }

  /** What to ask, in order: the owner's fields that are on, less what the site told us. */
  questions(config: Pick<WidgetConfig, 'preChatForm' | 'departments'>): PreChatQuestion[] {
    if (this.done) return [];
    const asked: PreChatQuestion[] = [];
    for (const field of ['name', 'email', 'department'] as const) {
      const rule = config.preChatForm[field];
      if (rule === 'off') continue;
      if (field !== 'department' && this.known[field]) continue;
      if (field === 'department' && !config.departments.length) continue;
      asked.push({ field, required: rule === 'required' });
    }
    return asked;
  }
}
