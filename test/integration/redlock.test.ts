/**
 * End to end: the `redlock` package (v5 beta, the ioredis flavour) against
 * three in-process tredis servers. Redlock drives everything through
 * EVALSHA (falling back to EVAL on NOSCRIPT) of its acquire / extend /
 * release scripts, which use EXISTS, GET, SET ... PX and DEL, and needs a
 * quorum of 2 of the 3 servers. Expiry is tested by moving each server's
 * clock, not by sleeping.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Redis from 'ioredis';
import Redlock, { ExecutionError, type Lock } from 'redlock';
import { startServer, type TredisServer } from '../../server/index.js';

const servers: TredisServer[] = [];
const clients: Redis[] = [];
const redlocks: Redlock[] = [];

function makeRedlock(settings: Partial<Redlock['settings']> = {}): Redlock {
  const rl = new Redlock(clients, { retryCount: 0, retryDelay: 20, retryJitter: 5, ...settings });
  // Redlock emits 'error' for every vote against; without a listener the
  // EventEmitter would throw instead.
  rl.on('error', () => undefined);
  redlocks.push(rl);
  return rl;
}

async function onAll<T>(f: (r: Redis) => Promise<T>): Promise<T[]> {
  return Promise.all(clients.map(f));
}

beforeAll(async () => {
  for (let i = 0; i < 3; i++) {
    const s = await startServer({ port: 0 });
    servers.push(s);
    clients.push(new Redis(s.port, '127.0.0.1', { maxRetriesPerRequest: 0 }));
  }
});

afterAll(async () => {
  for (const c of clients) c.disconnect();
  for (const s of servers) await s.close();
});

describe('redlock over 3 tredis servers', () => {
  it('acquires: the lock value is set with a PX TTL on every server', async () => {
    const rl = makeRedlock();
    const lock = await rl.acquire(['res:acquire'], 10000);
    expect(await onAll((r) => r.get('res:acquire'))).toEqual([lock.value, lock.value, lock.value]);
    for (const ttl of await onAll((r) => r.pttl('res:acquire'))) {
      expect(ttl).toBeGreaterThan(9000);
      expect(ttl).toBeLessThanOrEqual(10000);
    }
    expect(lock.expiration).toBeGreaterThan(Date.now());
    await lock.release();
    expect(await onAll((r) => r.exists('res:acquire'))).toEqual([0, 0, 0]);
  });

  it('acquires several resources at once', async () => {
    const rl = makeRedlock();
    const lock = await rl.acquire(['res:m1', 'res:m2'], 10000);
    expect(await onAll((r) => r.mget('res:m1', 'res:m2'))).toEqual(Array(3).fill([lock.value, lock.value]));
    // One of the two is enough to block a second lock on both.
    await expect(makeRedlock().acquire(['res:m2', 'res:m3'], 10000)).rejects.toBeInstanceOf(ExecutionError);
    expect(await onAll((r) => r.exists('res:m3'))).toEqual([0, 0, 0]);
    await lock.release();
    expect(await onAll((r) => r.exists('res:m1', 'res:m2'))).toEqual([0, 0, 0]);
  });

  it('contention: a second acquire fails while the lock is held, also after retries', async () => {
    const a = makeRedlock();
    const b = makeRedlock({ retryCount: 3 });
    const lock = await a.acquire(['res:contended'], 10000);
    const err = await b.acquire(['res:contended'], 10000).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExecutionError);
    expect((err as ExecutionError).attempts).toHaveLength(4);
    const stats = await (err as ExecutionError).attempts[0];
    expect(stats.membershipSize).toBe(3);
    expect(stats.quorumSize).toBe(2);
    expect(stats.votesAgainst.size).toBe(3);
    // The failed attempt did not touch the holder's keys.
    expect(await onAll((r) => r.get('res:contended'))).toEqual([lock.value, lock.value, lock.value]);
    await lock.release();
  });

  it('contention: a retrying acquire gets the lock once the holder releases it', async () => {
    const a = makeRedlock();
    const b = makeRedlock({ retryCount: 50, retryDelay: 20, retryJitter: 5 });
    const held = await a.acquire(['res:handover'], 10000);
    const waiting = b.acquire(['res:handover'], 10000);
    await new Promise((r) => setTimeout(r, 60));
    await held.release();
    const got = await waiting;
    expect(got.value).not.toBe(held.value);
    expect(await onAll((r) => r.get('res:handover'))).toEqual([got.value, got.value, got.value]);
    expect(got.attempts.length).toBeGreaterThan(1);
    await got.release();
  });

  it('quorum: a lock held elsewhere on one server out of three does not block', async () => {
    await clients[0].set('res:quorum', 'someone-else', 'PX', 10000);
    const lock = await makeRedlock().acquire(['res:quorum'], 10000);
    expect(await onAll((r) => r.get('res:quorum'))).toEqual(['someone-else', lock.value, lock.value]);
    // Release leaves the foreign value alone and still reaches a quorum.
    await lock.release();
    expect(await onAll((r) => r.get('res:quorum'))).toEqual(['someone-else', null, null]);
    await clients[0].del('res:quorum');
  });

  it('expiry: after the PX TTL passes on the servers, another client can lock', async () => {
    const a = makeRedlock();
    const lock = await a.acquire(['res:expiry'], 5000);
    await expect(makeRedlock().acquire(['res:expiry'], 5000)).rejects.toBeInstanceOf(ExecutionError);
    for (const s of servers) s.clock.advance(5001);
    expect(await onAll((r) => r.exists('res:expiry'))).toEqual([0, 0, 0]);
    const next = await makeRedlock().acquire(['res:expiry'], 5000);
    expect(next.value).not.toBe(lock.value);
    // The old holder can no longer extend (its value is gone from every server).
    await expect(a.extend(lock, 5000)).rejects.toBeInstanceOf(ExecutionError);
    // Nor release someone else's lock.
    await expect(lock.release()).rejects.toBeInstanceOf(ExecutionError);
    expect(await onAll((r) => r.get('res:expiry'))).toEqual([next.value, next.value, next.value]);
    await next.release();
  });

  it('expiry with real time: a 300 ms lock is gone after 400 ms', async () => {
    const lock = await makeRedlock().acquire(['res:realtime'], 300);
    expect(await onAll((r) => r.exists('res:realtime'))).toEqual([1, 1, 1]);
    await new Promise((r) => setTimeout(r, 400));
    expect(await onAll((r) => r.exists('res:realtime'))).toEqual([0, 0, 0]);
    // Redlock itself knows the lock has expired.
    expect(lock.expiration).toBeLessThan(Date.now());
    await expect(lock.extend(1000)).rejects.toThrow('Cannot extend an already-expired lock.');
  });

  it('release: keys are deleted everywhere and the resource can be locked again', async () => {
    const rl = makeRedlock();
    const lock = await rl.acquire(['res:release'], 10000);
    const result = await rl.release(lock);
    const stats = await result.attempts[0];
    expect(stats.votesFor.size).toBe(3);
    expect(lock.expiration).toBe(0);
    expect(await onAll((r) => r.exists('res:release'))).toEqual([0, 0, 0]);
    const again = await rl.acquire(['res:release'], 10000);
    await again.release();
  });

  it('extend: the TTL is pushed out on every server and the value kept', async () => {
    const rl = makeRedlock();
    const lock: Lock = await rl.acquire(['res:extend'], 2000);
    for (const s of servers) s.clock.advance(1500);
    for (const ttl of await onAll((r) => r.pttl('res:extend'))) expect(ttl).toBeLessThanOrEqual(500);
    const extended = await lock.extend(10000);
    expect(extended.value).toBe(lock.value);
    expect(lock.expiration).toBe(0); // the old handle is invalidated
    expect(extended.expiration).toBeGreaterThan(Date.now() + 9000);
    expect(await onAll((r) => r.get('res:extend'))).toEqual([lock.value, lock.value, lock.value]);
    for (const ttl of await onAll((r) => r.pttl('res:extend'))) {
      expect(ttl).toBeGreaterThan(9000);
      expect(ttl).toBeLessThanOrEqual(10000);
    }
    // Past the original TTL the lock is still held thanks to the extension.
    for (const s of servers) s.clock.advance(1000);
    await expect(makeRedlock().acquire(['res:extend'], 1000)).rejects.toBeInstanceOf(ExecutionError);
    await extended.release();
  });

  it('the scripts go through EVALSHA once cached (NOSCRIPT fallback to EVAL first)', async () => {
    const rl = makeRedlock();
    await onAll((r) => r.script('FLUSH'));
    const lock = await rl.acquire(['res:sha'], 10000);
    const loaded = await onAll((r) => r.script('EXISTS', rl.scripts.acquireScript.hash, rl.scripts.releaseScript.hash));
    expect(loaded).toEqual([
      [1, 0],
      [1, 0],
      [1, 0],
    ]);
    await lock.release();
    const lock2 = await rl.acquire(['res:sha'], 10000);
    await lock2.release();
    expect(await onAll((r) => r.script('EXISTS', rl.scripts.releaseScript.hash))).toEqual([[1], [1], [1]]);
  });
});
