import type { SignedInAgent } from './auth-api.ts';
import { forget, readText, writeText } from './local-memory.ts';

// Who was signed in on this device, so that the installed app opened without a network shows
// its shell ("Reconnecting…") rather than the sign-in page. The server still decides: once it
// answers, a session that has ended sends the console back to signing in.

const KEY = 'parley.console.agent';

export function rememberAgent(agent: SignedInAgent): void {
  writeText(KEY, JSON.stringify({ id: agent.id, name: agent.name, email: agent.email, role: agent.role }));
}

export function rememberedAgent(): SignedInAgent | null {
  try {
    const value = JSON.parse(readText(KEY) ?? 'null') as SignedInAgent | null;
    return value && typeof value.id === 'string' && typeof value.name === 'string' && typeof value.role === 'string' ? value : null;
  } catch {
    return null;
  }
}

export function forgetAgent(): void {
  forget(KEY);
}
