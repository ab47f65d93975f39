/**
 * Blocking list commands with several ioredis connections to one in-process
 * server (server/blocking.ts + commands/lists.ts): FIFO service per key,
 * timeouts (float seconds on the real clock, or the server clock moved
 * forward), 0 = forever, wake-ups by every kind of write (pushes, LMOVE,
 * MULTI/EXEC, RENAME, COPY, MOVE, SWAPDB), exactly-once delivery, clean
 * disconnects, BLMOVE chains, pipelining behind a blocked command, CLIENT
 * UNBLOCK, wrong types, and what gets propagated when a waiter is served.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { startServer, type TredisServer } from '../../server/index.js';
import { RawClient } from '../helpers/resp.js';

let s: TredisServer;
let r: Redis;
let propagated: string[][];
const opened: Redis[] = [];

beforeAll(async () => {
  s = await startServer({ port: 0 });
  s.server.propagationListeners.push((_db, argv) => propagated.push(argv));
  r = new Redis(s.port);
});

afterAll(async () => {
  await r.quit();
  await s.close();
});

beforeEach(() => {
  for (const db of s.server.dbs) db.clear();
  propagated = [];
});

afterEach(async () => {
  // Connections left blocked by a failed test would hold the next one up.
  await Promise.all(opened.splice(0).map((c) => c.quit().catch(() => c.disconnect())));
  await waitFor(() => blocked() === 0);
});

/** A fresh connection, closed after the test. */
async function conn(): Promise<Redis> {
  const c = new Redis(s.port);
  opened.push(c);
  await c.ping();
  return c;
}

const blocked = (): number => s.server.blocking.blockedCount;

/** Poll until `cond` holds (at most 2 s). */
async function waitFor(cond: () => boolean, what = 'condition'): Promise<void> {
  const until = Date.now() + 2000;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const waitBlocked = (n: number) => waitFor(() => blocked() === n, `${n} blocked clients`);

/** Whether a promise has settled within `ms`. */
async function settledWithin(p: Promise<unknown>, ms: number): Promise<boolean> {
  let done = false;
  void p.then(
    () => (done = true),
    () => (done = true),
  );
  await new Promise((resolve) => setTimeout(resolve, ms));
  return done;
}

function infoField(text: string, field: string): string | undefined {
  return new RegExp(`^${field}:(.*)\r?$`, 'm').exec(text)?.[1];
}

describe('waiting and waking', () => {
  it('serves waiters on a key first come, first served', async () => {
    const cs = [await conn(), await conn(), await conn()];
    const got: Promise<[string, string] | null>[] = [];
    for (let i = 0; i < cs.length; i++) {
      got.push(cs[i].blpop('q', 0));
      await waitBlocked(i + 1);
    }
    expect(await r.rpush('q', 'a', 'b', 'c')).toBe(3);
    expect(await Promise.all(got)).toEqual([
      ['q', 'a'],
      ['q', 'b'],
      ['q', 'c'],
    ]);
    expect(await r.exists('q')).toBe(0);
    expect(blocked()).toBe(0);
  });

  it('one push wakes one waiter; the others keep their place', async () => {
    const cs = await Promise.all(Array.from({ length: 20 }, () => conn()));
    const got: Promise<[string, string] | null>[] = [];
    for (let i = 0; i < cs.length; i++) {
      got.push(cs[i].brpop('q', 0));
      await waitBlocked(i + 1);
    }
    const calls = s.server.stats.totalCommandsProcessed;
    await r.lpush('q', 'x0');
    expect(await got[0]).toEqual(['q', 'x0']);
    expect(blocked()).toBe(19);
    // The 19 still waiting were not re-run for nothing (the key was gone at once).
    expect(s.server.stats.totalCommandsProcessed - calls).toBeLessThanOrEqual(3);
    for (let i = 1; i < 20; i++) await r.lpush('q', `x${i}`);
    for (let i = 1; i < 20; i++) expect(await got[i]).toEqual(['q', `x${i}`]);
  });

  it('times out with a float number of seconds; 0 waits until served', async () => {
    const c1 = await conn();
    const t0 = Date.now();
    expect(await c1.blpop('nokey', 0.1)).toBeNull();
    const took = Date.now() - t0;
    expect(took).toBeGreaterThanOrEqual(90);
    expect(took).toBeLessThan(2000);
    expect(await c1.call('BLMOVE', 'nokey', 'd', 'LEFT', 'LEFT', '0.05')).toBeNull();
    expect(await c1.call('BLMPOP', '0.05', '1', 'nokey', 'LEFT')).toBeNull();

    const forever = c1.blpop('q', 0);
    expect(await settledWithin(forever, 250)).toBe(false);
    await r.rpush('q', 'late');
    expect(await forever).toEqual(['q', 'late']);
  });

  it('times out on the server clock too (cron), and long timeouts do not fire early', async () => {
    const c1 = await conn();
    const p = c1.blpop('q', 30);
    await waitBlocked(1);
    s.clock.advance(31000);
    try {
      expect(await p).toBeNull();
    } finally {
      s.clock.reset();
    }
    // More than setTimeout's 2^31-1 ms: must still wait.
    const long = c1.blpop('q', 3000000);
    expect(await settledWithin(long, 150)).toBe(false);
    await r.rpush('q', 'v');
    expect(await long).toEqual(['q', 'v']);
  });

  it('wakes on LPUSH, RPUSH, LMOVE, RPOPLPUSH and LMPOP-free pushes onto the key', async () => {
    const c1 = await conn();
    let p = c1.blpop('q', 0);
    await waitBlocked(1);
    await r.lpush('q', 'a');
    expect(await p).toEqual(['q', 'a']);

    p = c1.brpop('q', 0);
    await waitBlocked(1);
    await r.rpush('q', 'b');
    expect(await p).toEqual(['q', 'b']);

    await r.rpush('src', '1', '2');
    p = c1.blpop('q', 0);
    await waitBlocked(1);
    expect(await r.lmove('src', 'q', 'LEFT', 'RIGHT')).toBe('1');
    expect(await p).toEqual(['q', '1']);

    p = c1.blpop('q', 0);
    await waitBlocked(1);
    expect(await r.rpoplpush('src', 'q')).toBe('2');
    expect(await p).toEqual(['q', '2']);
    expect(await r.exists('q', 'src')).toBe(0);
  });

  it('wakes after MULTI/EXEC, not in the middle of it; inside MULTI nothing blocks', async () => {
    const c1 = await conn();
    const p = c1.blpop('q', 0);
    await waitBlocked(1);
    const res = await r.multi().rpush('q', 'a').rpush('q', 'b').lrange('q', 0, -1).exec();
    expect(res).toEqual([
      [null, 1],
      [null, 2],
      [null, ['a', 'b']],
    ]);
    expect(await p).toEqual(['q', 'a']);
    expect(await r.lrange('q', 0, -1)).toEqual(['b']);

    const inMulti = await r.multi().del('q').blpop('q', 0).call('BLMOVE', 'q', 'd', 'LEFT', 'LEFT', '0').call('BLMPOP', '0', '1', 'q', 'LEFT').exec();
    expect(inMulti).toEqual([
      [null, 1],
      [null, null],
      [null, null],
      [null, null],
    ]);
  });

  it('wakes when RENAME, COPY, MOVE or SWAPDB put a list under the key', async () => {
    const c1 = await conn();
    await r.rpush('a', 'ra');
    let p = c1.blpop('q', 0);
    await waitBlocked(1);
    await r.rename('a', 'q');
    expect(await p).toEqual(['q', 'ra']);

    await r.rpush('a', 'ca');
    p = c1.blpop('q', 0);
    await waitBlocked(1);
    await r.copy('a', 'q');
    expect(await p).toEqual(['q', 'ca']);
    expect(await r.lrange('a', 0, -1)).toEqual(['ca']);

    const r1 = await conn();
    await r1.select(1);
    await r1.rpush('q', 'ma');
    p = c1.blpop('q', 0);
    await waitBlocked(1);
    await r1.move('q', 0);
    expect(await p).toEqual(['q', 'ma']);

    await r1.rpush('q', 'sw');
    p = c1.blpop('q', 0);
    await waitBlocked(1);
    await r.swapdb(0, 1);
    expect(await p).toEqual(['q', 'sw']);
    await r.swapdb(0, 1);
  });

  it('waits in its own database', async () => {
    const c1 = await conn();
    await c1.select(2);
    const p = c1.blpop('q', 0);
    await waitBlocked(1);
    await r.rpush('q', 'db0');
    expect(await settledWithin(p, 100)).toBe(false);
    const r2 = await conn();
    await r2.select(2);
    await r2.rpush('q', 'db2');
    expect(await p).toEqual(['q', 'db2']);
    expect(await r.lrange('q', 0, -1)).toEqual(['db0']);
  });

  it('delivers each element exactly once with several waiters on several keys', async () => {
    const c1 = await conn();
    const c2 = await conn();
    const c3 = await conn();
    const p1 = c1.blpop('a', 'b', 0);
    await waitBlocked(1);
    const p2 = c2.blpop('b', 'a', 0);
    await waitBlocked(2);
    const p3 = c3.call('BLMPOP', '0', '2', 'a', 'b', 'LEFT', 'COUNT', '5');
    await waitBlocked(3);
    await r.rpush('a', 'x');
    expect(await p1).toEqual(['a', 'x']);
    expect(blocked()).toBe(2);
    await r.multi().rpush('a', 'y').rpush('b', 'z1', 'z2').exec();
    // c2 came first for both keys; c3 gets what is left.
    expect(await p2).toEqual(['b', 'z1']);
    expect(await p3).toEqual(['a', ['y']]);
    expect(await r.lrange('b', 0, -1)).toEqual(['z2']);
    expect(blocked()).toBe(0);
  });

  it('a client disconnecting while blocked leaves no trace', async () => {
    const c1 = await conn();
    void c1.blpop('q', 0).catch(() => undefined);
    await waitBlocked(1);
    expect(infoField(await r.info('clients'), 'blocked_clients')).toBe('1');
    expect(await r.call('CLIENT', 'LIST')).toMatch(/flags=b .*cmd=blpop/);
    c1.disconnect();
    await waitBlocked(0);
    expect(infoField(await r.info('clients'), 'blocked_clients')).toBe('0');
    await r.rpush('q', 'kept');
    expect(await r.lrange('q', 0, -1)).toEqual(['kept']);
  });

  it('a BLMOVE that is served can in turn serve a client blocked on its destination', async () => {
    const c1 = await conn();
    const c2 = await conn();
    const mover = c1.call('BLMOVE', 'src', 'dst', 'RIGHT', 'LEFT', '0');
    await waitBlocked(1);
    const popper = c2.brpop('dst', 0);
    await waitBlocked(2);
    await r.rpush('src', 'hop');
    expect(await mover).toBe('hop');
    expect(await popper).toEqual(['dst', 'hop']);
    expect(await r.exists('src', 'dst')).toBe(0);
  });

  it('commands pipelined behind a blocking one wait until it is served', async () => {
    const raw = await RawClient.connect(s.port);
    try {
      const replies = raw.sendRaw('*3\r\n$5\r\nBLPOP\r\n$1\r\nq\r\n$1\r\n0\r\n*1\r\n$4\r\nPING\r\n*2\r\n$4\r\nLLEN\r\n$1\r\nq\r\n', 3);
      await waitBlocked(1);
      expect(await settledWithin(replies, 100)).toBe(false);
      await r.rpush('q', 'a', 'b');
      const got = (await replies).map((b) => b.toString('latin1'));
      expect(got).toEqual(['*2\r\n$1\r\nq\r\n$1\r\na\r\n', '+PONG\r\n', ':1\r\n']);
    } finally {
      await raw.close();
    }
  });
});

describe('CLIENT UNBLOCK', () => {
  it('TIMEOUT answers as a timeout, ERROR with UNBLOCKED; 0 for clients not blocked', async () => {
    const c1 = await conn();
    const id = Number(await c1.client('ID'));
    let p: Promise<unknown> = c1.blpop('q', 0);
    await waitBlocked(1);
    expect(await r.call('CLIENT', 'UNBLOCK', String(id))).toBe(1);
    expect(await p).toBeNull();
    expect(await r.call('CLIENT', 'UNBLOCK', String(id))).toBe(0);

    p = c1.call('BLMOVE', 'q', 'd', 'LEFT', 'LEFT', '0');
    await waitBlocked(1);
    expect(await r.call('CLIENT', 'UNBLOCK', String(id), 'timeout')).toBe(1);
    expect(await p).toBeNull();

    p = c1.blpop('q', 0).catch((e: Error) => e.message);
    await waitBlocked(1);
    expect(await r.call('CLIENT', 'UNBLOCK', String(id), 'ERROR')).toBe(1);
    expect(await p).toBe('UNBLOCKED client unblocked via CLIENT UNBLOCK');
    // The connection carries on.
    expect(await c1.ping()).toBe('PONG');

    expect(await r.call('CLIENT', 'UNBLOCK', '999999')).toBe(0);
    await expect(r.call('CLIENT', 'UNBLOCK', String(id), 'later')).rejects.toThrow('ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR');
    await expect(r.call('CLIENT', 'UNBLOCK', 'x')).rejects.toThrow('ERR value is not an integer or out of range');
    await expect(r.call('CLIENT', 'UNBLOCK', '1', 'TIMEOUT', 'x')).rejects.toThrow(
      "ERR unknown subcommand or wrong number of arguments for 'UNBLOCK'. Try CLIENT HELP.",
    );
  });
});

describe('wrong types', () => {
  it('reply WRONGTYPE at once; a waiter ignores a key that becomes another type', async () => {
    await r.set('s', 'v');
    await expect(r.blpop('s', 0)).rejects.toThrow(/^WRONGTYPE/);
    await expect(r.call('BLMOVE', 's', 'd', 'LEFT', 'LEFT', '0')).rejects.toThrow(/^WRONGTYPE/);

    const c1 = await conn();
    const p = c1.blpop('q', 0);
    await waitBlocked(1);
    await r.set('q', 'now a string');
    expect(await settledWithin(p, 100)).toBe(false);
    await r.del('q');
    await r.rpush('q', 'list again');
    expect(await p).toEqual(['q', 'list again']);
  });

  it('a waiting BLMOVE whose destination is not a list gets WRONGTYPE and leaves the element', async () => {
    const c1 = await conn();
    await r.set('dst', 'v');
    const p = c1.call('BLMOVE', 'src', 'dst', 'LEFT', 'LEFT', '0').catch((e: Error) => e.message);
    await waitBlocked(1);
    await r.rpush('src', 'x');
    expect(await p).toMatch(/^WRONGTYPE/);
    expect(blocked()).toBe(0);
    expect(await r.lrange('src', 0, -1)).toEqual(['x']);
  });
});

describe('propagation of served waiters', () => {
  it('replicas and the AOF see the pop, in its non-blocking form', async () => {
    const c1 = await conn();
    let p: Promise<unknown> = c1.blpop('q', 0);
    await waitBlocked(1);
    await r.rpush('q', 'a');
    await p;
    p = c1.call('BLMOVE', 'q', 'd', 'RIGHT', 'LEFT', '0');
    await waitBlocked(1);
    await r.rpush('q', 'b');
    await p;
    p = c1.brpoplpush('q', 'd', 0);
    await waitBlocked(1);
    await r.rpush('q', 'c');
    await p;
    p = c1.call('BLMPOP', '0', '2', 'nokey', 'q', 'RIGHT', 'COUNT', '3');
    await waitBlocked(1);
    await r.rpush('q', 'e', 'f');
    expect(await p).toEqual(['q', ['f', 'e']]);
    expect(propagated).toEqual([
      ['rpush', 'q', 'a'],
      ['LPOP', 'q'],
      ['rpush', 'q', 'b'],
      // 7.0 spells the directions of a served BLMOVE itself, in lowercase.
      ['LMOVE', 'q', 'd', 'right', 'left'],
      ['rpush', 'q', 'c'],
      ['RPOPLPUSH', 'q', 'd'],
      ['rpush', 'q', 'e', 'f'],
      ['RPOP', 'q', '2'],
    ]);
  });

  it('a MULTI/EXEC that wakes a waiter is propagated before the pop', async () => {
    const c1 = await conn();
    const p = c1.blpop('q', 0);
    await waitBlocked(1);
    await r.multi().rpush('q', 'a').set('k', 'v').exec();
    await p;
    expect(propagated).toEqual([['MULTI'], ['rpush', 'q', 'a'], ['set', 'k', 'v'], ['EXEC'], ['LPOP', 'q']]);
  });
});
