import type { RoutingCandidate } from '../store/chats.ts';

/**
 * Auto-assignment: the agent with the fewest open chats among those under their `maxChats`;
 * ties go to the one idle longest. Null when nobody has room.
 */
export function pickAgent(candidates: RoutingCandidate[]): string | null {
  let best: RoutingCandidate | null = null;
  for (const c of candidates) {
    if (c.openChats >= c.maxChats) continue;
    if (
      !best ||
      c.openChats < best.openChats ||
      (c.openChats === best.openChats && (c.idleSince < best.idleSince || (c.idleSince === best.idleSince && c.id < best.id)))
    ) {
      best = c;
    }
  }
  return best?.id ?? null;
}
