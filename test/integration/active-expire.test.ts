/**
 * Active expiry (server/expire.ts): keys with a TTL that nobody reads are
 * still reclaimed, by the cron's slow cycle (and the fast cycle when the
 * slow one runs out of time), and counted in INFO's expired_keys.
 *
 * These tests poll DBSIZE — which never expires anything itself — in a
 * bounded loop instead of asserting how long the reclaiming takes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Redis from 'ioredis';
import { startServer, type TredisServer } from '../../server/index.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Poll DBSIZE of `db` until it is `target` or `timeoutMs` passed; returns the last size. */
async function waitForDbsize(r: Redis, db: number, target: number, timeoutMs: number): Promise<number> {
  await r.select(db);
  const deadline = Date.now() + timeoutMs;
  let size = await r.dbsize();
  while (size !== target && Date.now() < deadline) {
    await sleep(50);
    size = await r.dbsize();
  }
  return size;
}

/** expired_keys from INFO stats. */
async function expiredKeys(r: Redis): Promise<number> {
  const info = await r.info('stats');
  const m = /^expired_keys:(\d+)\r?$/m.exec(info);
  if (!m) throw new Error(`no expired_keys in INFO stats:\n${info}`);
  return Number(m[1]);
}

describe('active expiry', () => {
  let s: TredisServer;
  let r: Redis;

  beforeAll(async () => {
    s = await startServer({ port: 0, bind: '127.0.0.1', hz: 10 });
    r = new Redis(s.port, '127.0.0.1');
  });

  afterAll(async () => {
    await r.quit();
    await s.close();
  });

  it('reclaims 100 000 untouched keys with short TTLs within a few seconds, counting them in expired_keys', async () => {
    await r.flushall();
    const before = await expiredKeys(r);
    const lookups = () => s.server.stats.keyspaceHits + s.server.stats.keyspaceMisses;
    const lookupsBefore = lookups();
    const N = 100_000;
    const BATCH = 10_000;
    for (let base = 0; base < N; base += BATCH) {
      const p = r.pipeline();
      for (let i = base; i < base + BATCH; i++) {
        p.set(`short:${i}`, 'v');
        p.pexpire(`short:${i}`, 100 + (i % 201)); // 100..300 ms
      }
      await p.exec();
    }
    // Persistent keys alongside: the cycle must leave them alone.
    const keep = r.pipeline();
    for (let i = 0; i < 1000; i++) keep.set(`keep:${i}`, 'v');
    await keep.exec();

    const left = await waitForDbsize(r, 0, 1000, 20_000);
    expect(left).toBe(1000);
    expect(s.server.dbs[0].expiresCount).toBe(0);
    // Nobody read the keys: every one went through the active cycle.
    expect((await expiredKeys(r)) - before).toBe(N);
    expect(lookups()).toBe(lookupsBefore);
  }, 60_000);

  it('visits every database, not only db 0', async () => {
    await r.flushall();
    for (const db of [3, 15]) {
      await r.select(db);
      const p = r.pipeline();
      for (let i = 0; i < 2000; i++) {
        p.set(`k${i}`, 'v');
        p.pexpire(`k${i}`, 50);
      }
      await p.exec();
    }
    expect(await waitForDbsize(r, 3, 0, 10_000)).toBe(0);
    expect(await waitForDbsize(r, 15, 0, 10_000)).toBe(0);
    await r.select(0);
  }, 30_000);

  it('with the server clock moved forward, TTLs run out without sleeping and the cycle reclaims the keys', async () => {
    await r.flushall();
    const p = r.pipeline();
    for (let i = 0; i < 5000; i++) {
      p.set(`t${i}`, 'v');
      p.expire(`t${i}`, 3600);
    }
    await p.exec();
    expect(await r.ttl('t0')).toBe(3600);

    s.clock.advance(3_599_000);
    expect(await r.ttl('t0')).toBe(1);
    expect(await r.dbsize()).toBe(5000);

    const before = s.server.stats.expiredKeys;
    s.clock.advance(1_001);
    // Lazy: a read sees the key gone at once.
    expect(await r.ttl('t0')).toBe(-2);
    expect(await r.get('t1')).toBe(null);
    // Active: the rest goes without anyone asking.
    expect(await waitForDbsize(r, 0, 0, 10_000)).toBe(0);
    expect(s.server.stats.expiredKeys - before).toBe(5000);
    s.clock.reset();
  }, 30_000);

  it('DEBUG SET-ACTIVE-EXPIRE 0 stops the cycle; lazy expiry still works', async () => {
    await r.flushall();
    s.server.setActiveExpire(false);
    try {
      await r.set('a', 'v');
      await r.set('b', 'v');
      await r.pexpire('a', 1000);
      await r.pexpire('b', 1000);
      s.clock.advance(2000);
      await sleep(350); // three cron ticks at hz 10
      expect(await r.dbsize()).toBe(2);
      expect(await r.exists('a')).toBe(0);
      expect(await r.dbsize()).toBe(1);
    } finally {
      s.server.setActiveExpire(true);
      s.clock.reset();
    }
  });
});
