import { pino, stdTimeFunctions, type DestinationStream, type Logger } from 'pino';
import type { Config } from './config.ts';

export type { Logger };

/**
 * The server's one logger: a JSON line per event on stdout (or `destination`), with an ISO
 * time, the level's name and the node id, so the lines of several nodes can be merged.
 * `npm start | npx pino-pretty` reads them in a terminal.
 */
export function createLogger(config: Pick<Config, 'logLevel' | 'nodeId'>, destination?: DestinationStream): Logger {
  const options = {
    level: config.logLevel,
    base: { nodeId: config.nodeId },
    timestamp: stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
  };
  return destination ? pino(options, destination) : pino(options);
}
