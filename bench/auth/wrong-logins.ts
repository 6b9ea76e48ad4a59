/**
 * The attacker of the sign-in benchmark (login-stall.ts), in a process of its own so that its
 * requests do not slow the visitor the benchmark times: `argv[3]` clients send wrong passwords
 * for `owner@bench.local` to the server at `argv[2]`, each the next as soon as the last is
 * answered, until told to stop; then it reports how many answers of each status it got.
 */
const [url, clients] = [process.argv[2]!, Number(process.argv[3])];
if (!process.send) throw new Error('start me from bench/auth/login-stall.ts: I report over an IPC channel');

let running = true;
const statuses: Record<number, number> = {};
async function client(i: number) {
  for (let n = 0; running; n++) {
    const res = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'owner@bench.local', password: `guess-${i}-${n}` }),
    });
    await res.arrayBuffer();
    statuses[res.status] = (statuses[res.status] ?? 0) + 1;
  }
}
const all = Array.from({ length: clients }, (_, i) => client(i));
process.on('message', async () => {
  running = false;
  await Promise.all(all);
  process.send!(statuses, () => process.exit(0));
});
process.send('started');
