/**
 * The link between the benchmark driver (run.ts) and a relay server running in its own
 * process, so that the server and the load generator never share one event loop.
 */

/** One chat of the benchmark: what its visitor and its agent authenticate with. */
export interface ChatPair {
  visitorToken: string;
  agentToken: string;
  chatId: string;
}

export type ServerReport =
  | { kind: 'ready'; port: number; pairs: ChatPair[] }
  | { kind: 'stats'; cpuMicros: number; storedMessages: number | null };

export type ServerRequest = { kind: 'stats' } | { kind: 'stop' };

export interface BenchServer {
  port: number;
  pairs: ChatPair[];
  /** Rows in the messages table, or null for a server that stores nothing. */
  storedMessages(): Promise<number | null>;
  close(): Promise<void>;
}

/** Runs in the child: starts the server for `argv[2]` chats and answers the driver over IPC. */
export async function serveBenchmark(start: (chats: number) => Promise<BenchServer>): Promise<void> {
  const chats = Number(process.argv[2]);
  if (!Number.isInteger(chats) || chats < 1) throw new Error(`usage: <server>.ts CHATS (got "${process.argv[2]}")`);
  if (!process.send) throw new Error('start me from bench/relay/run.ts: I report over an IPC channel');
  const send = (report: ServerReport) => process.send!(report);
  const server = await start(chats);

  const stop = async () => {
    await server.close();
    process.exit(0);
  };
  process.on('message', (req: ServerRequest) => {
    if (req.kind === 'stats') {
      const cpu = process.cpuUsage();
      void server.storedMessages().then((storedMessages) => send({ kind: 'stats', cpuMicros: cpu.user + cpu.system, storedMessages }));
    } else if (req.kind === 'stop') {
      void stop();
    }
  });
  // The driver died: do not linger.
  process.on('disconnect', () => void stop());
  send({ kind: 'ready', port: server.port, pairs: server.pairs });
}
