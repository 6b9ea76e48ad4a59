import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');

/** A port nobody listens on right now (for a server process started next). */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/**
 * `server/main.ts` as its own process (one that a test kills with -9), the owner
 * owner@example.com / owner-password, no demo site; resolves once it listens, rejects if it
 * exits before. `env` adds to (or overrides) that. `track` gets the process at once, so that the
 * test's clean-up kills it even when it never got to listen.
 */
export function startServerProcess(port: number, env: Record<string, string>, track: (child: ChildProcess) => void): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      DEMO_PORT: '0',
      ADMIN_EMAIL: 'owner@example.com',
      ADMIN_PASSWORD: 'owner-password',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  track(child);
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the server (${env.NODE_ID ?? `port ${port}`}) exited with ${code} before listening`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('listening on port')) {
        child.removeAllListeners('exit');
        resolve(child);
      }
    });
  });
}
