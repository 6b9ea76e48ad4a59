import type { Server } from 'socket.io';
import type { AppDeps } from '../app.ts';

export interface Realtime {
  stop(): void;
}

export function attachRealtime(_io: Server, _deps: AppDeps): Realtime {
  return { stop() {} };
}
