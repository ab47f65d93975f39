import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Redis from 'ioredis';
import { startServer, type TredisServer } from '../../server/index.js';

let s: TredisServer;
const clients: Redis[] = [];
function connect(): Redis {
  const r = new Redis(s.port, '127.0.0.1', { lazyConnect: false, maxRetriesPerRequest: 0 });
  clients.push(r);
  return r;
}

beforeAll(async () => {
  s = await startServer({ port: 0 });
});
afterAll(async () => {
  for (const r of clients) r.disconnect();
  await s.close();
});

describe('MULTI/EXEC', () => {
  it('runs queued commands atomically and returns their replies in order', async () => {
    const r = connect();
    const res = await r.multi().set('t:a', '1').incr('t:a').get('t:a').exec();
    expect(res).toEqual([
      [null, 'OK'],
      [null, 2],
      [null, '2'],
    ]);
  });

  it('no other client command interleaves with a transaction', async () => {
    const a = connect();
    const b = connect();
    await a.set('t:n', '0');
    // b's INCRs race a's transaction; a's two reads inside EXEC must agree.
    const tx = a.multi().get('t:n').incr('t:n').get('t:n').exec();
    const others = Promise.all(Array.from({ length: 50 }, () => b.incr('t:n')));
    const [res] = await Promise.all([tx, others]);
    const before = Number(res?.[0]?.[1]);
    expect(res?.[1]?.[1]).toBe(before + 1);
    expect(Number(res?.[2]?.[1])).toBe(before + 1);
    expect(await a.get('t:n')).toBe('51');
  });

  it('a WATCHed key changed by another client makes EXEC return null', async () => {
    const a = connect();
    const b = connect();
    await a.set('t:w', '1');
    await a.watch('t:w');
    await b.set('t:w', '2');
    const res = await a.multi().set('t:w', '3').exec();
    expect(res).toBeNull();
    expect(await a.get('t:w')).toBe('2');
  });

  it('a WATCHed key that expires makes EXEC fail', async () => {
    const a = connect();
    await a.set('t:e', '1', 'PX', 1000);
    await a.watch('t:e');
    s.clock.advance(2000);
    const res = await a.multi().ping().exec();
    expect(res).toBeNull();
  });

  it('concurrent WATCH-based balance transfers never create or lose money', async () => {
    const setup = connect();
    await setup.mset('acct:a', '500', 'acct:b', '500');
    const workers = Array.from({ length: 8 }, () => connect());
    async function transfer(r: Redis, from: string, to: string, amount: number): Promise<void> {
      for (;;) {
        await r.watch(from, to);
        const balance = Number(await r.get(from));
        if (balance < amount) {
          await r.unwatch();
          return;
        }
        const res = await r.multi().decrby(from, amount).incrby(to, amount).exec();
        if (res !== null) return;
      }
    }
    await Promise.all(
      workers.map((r, i) =>
        (async () => {
          for (let j = 0; j < 25; j++) {
            await transfer(r, i % 2 ? 'acct:a' : 'acct:b', i % 2 ? 'acct:b' : 'acct:a', 1 + ((i + j) % 7));
          }
        })(),
      ),
    );
    const [a, b] = await setup.mget('acct:a', 'acct:b');
    expect(Number(a) + Number(b)).toBe(1000);
    expect(Number(a)).toBeGreaterThanOrEqual(0);
    expect(Number(b)).toBeGreaterThanOrEqual(0);
  });

  it('propagates a multi-write transaction wrapped in MULTI/EXEC', async () => {
    const seen: string[][] = [];
    const listener = (_db: number, argv: string[]) => seen.push(argv);
    s.server.propagationListeners.push(listener);
    try {
      const r = connect();
      await r.multi().set('t:p1', 'x').set('t:p2', 'y').get('t:p1').exec();
      await r.multi().set('t:p3', 'z').exec();
    } finally {
      s.server.propagationListeners.splice(s.server.propagationListeners.indexOf(listener), 1);
    }
    expect(seen).toEqual([['MULTI'], ['set', 't:p1', 'x'], ['set', 't:p2', 'y'], ['EXEC'], ['set', 't:p3', 'z']]);
  });

  it('CLIENT LIST shows the queue length and the x flag inside MULTI', async () => {
    const r = connect();
    await r.call('MULTI');
    await r.call('SET', 't:l', '1');
    const pipeline = await r.pipeline().call('CLIENT', 'INFO').exec();
    const info = String(pipeline?.[0]?.[1]);
    expect(info).toBe('QUEUED');
    const res = (await r.call('EXEC')) as string[];
    expect(res[0]).toBe('OK');
    expect(res[1]).toMatch(/flags=x .*multi=2 /);
  });
});
