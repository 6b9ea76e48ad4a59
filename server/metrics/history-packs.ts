import { closeSync, openSync, readSync } from 'node:fs';
import type { Pack } from './history-pack.ts';
import type { HistoryReader } from './history-reader.ts';

const CHUNK = 4 << 20;

/** The packs of a history file, read a chunk at a time. */
export function* historyPacks(path: string, reader: HistoryReader): Generator<Pack> {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(CHUNK);
    for (;;) {
      const n = readSync(fd, buffer, 0, CHUNK, null);
      if (n === 0) break;
      yield reader.feed(buffer.subarray(0, n));
    }
  } finally {
    closeSync(fd);
  }
}
