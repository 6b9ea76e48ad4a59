import { once } from 'node:events';
import { closeSync, openSync, readSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { packTransfers } from './history-pack.ts';
import { HistoryReader, type KnownIds } from './history-reader.ts';

/**
 * The reader of `npm run import` on its own thread: parses and checks the history and posts
 * packed rows to the writer, at most a few packs ahead of it.
 *   in:  workerData {path, known, now}; 'written' after each pack is in the database
 *   out: {kind: 'pack', pack, bytes}, then {kind: 'end', end}
 */

export interface ReadWorkerData {
  path: string;
  known: KnownIds;
  now: number;
}

const CHUNK = 4 << 20;
const AHEAD = 3;

const port = parentPort!;
const { path, known, now } = workerData as ReadWorkerData;
const reader = new HistoryReader(known, now);
const fd = openSync(path, 'r');
const buffer = Buffer.alloc(CHUNK);
let bytes = 0;
let ahead = 0;
port.on('message', () => {
  ahead--;
});
for (;;) {
  const n = readSync(fd, buffer, 0, CHUNK, null);
  if (n === 0) break;
  bytes += n;
  const pack = reader.feed(buffer.subarray(0, n));
  port.postMessage({ kind: 'pack', pack, bytes }, packTransfers(pack));
  ahead++;
  while (ahead >= AHEAD) await once(port, 'message');
}
closeSync(fd);
port.postMessage({ kind: 'end', end: reader.finish() });
