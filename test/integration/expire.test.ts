/**
 * The EXPIRE family (EXPIRE PEXPIRE EXPIREAT PEXPIREAT with NX XX GT LT),
 * TTL PTTL EXPIRETIME PEXPIRETIME, PERSIST, and lazy expiry.
 *
 * Time is driven by the server's clock (`s.clock.advance`), never by
 * sleeping. Replies are compared byte for byte with a real redis-server
 * where they do not depend on the moment they are read (absolute
 * deadlines far in the future); the rest is checked against Redis's rules.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import Redis from 'ioredis';
import { startServer, type TredisServer } from '../../server/index.js';
import { RawClient, escapeBytes } from '../helpers/resp.js';
import { shouldRunWith, startRedisServer, type RedisProcess } from '../helpers/redis-server.js';

/** 2096-10-02 in ms: far enough that nothing expires while a test runs. */
const T = 4_000_000_000_000;

const CASES: Record<string, string[][]> = {
  'NX / XX / GT / LT on absolute deadlines': [
    ['SET', 'k', 'v'],
    ['PEXPIREAT', 'k', String(T), 'XX'],
    ['PEXPIREAT', 'k', String(T), 'GT'],
    ['PEXPIREAT', 'k', String(T), 'LT'],
    ['PEXPIRETIME', 'k'],
    ['PEXPIREAT', 'k', String(T), 'NX'],
    ['PEXPIRETIME', 'k'],
    ['PEXPIREAT', 'k', String(T + 1), 'NX'],
    ['PEXPIREAT', 'k', String(T), 'GT'],
    ['PEXPIREAT', 'k', String(T - 1), 'GT'],
    ['PEXPIREAT', 'k', String(T + 1), 'GT'],
    ['PEXPIRETIME', 'k'],
    ['PEXPIREAT', 'k', String(T + 1), 'LT'],
    ['PEXPIREAT', 'k', String(T + 2), 'LT'],
    ['PEXPIREAT', 'k', String(T), 'LT'],
    ['PEXPIRETIME', 'k'],
    ['PEXPIREAT', 'k', String(T + 5), 'XX', 'GT'],
    ['PEXPIREAT', 'k', String(T + 4), 'xx', 'lt'],
    ['PEXPIRETIME', 'k'],
    ['EXPIREAT', 'k', String(T / 1000 + 10), 'Gt'],
    ['EXPIRETIME', 'k'],
    ['PEXPIRETIME', 'k'],
    ['PERSIST', 'k'],
    ['PEXPIREAT', 'k', String(T), 'GT'],
    ['PEXPIREAT', 'k', String(T), 'LT'],
    ['PEXPIRETIME', 'k'],
    ['PEXPIREAT', 'nokey', String(T)],
    ['PEXPIREAT', 'nokey', String(T), 'NX'],
    ['PEXPIREAT', 'k', String(T), 'nx\x00junk'],
  ],
  'option and number errors': [
    ['SET', 'k', 'v'],
    ['EXPIRE', 'k', '10', 'NX', 'XX'],
    ['EXPIRE', 'k', '10', 'NX', 'GT'],
    ['EXPIRE', 'k', '10', 'NX', 'LT'],
    ['EXPIRE', 'k', '10', 'XX', 'GT', 'LT'],
    ['EXPIRE', 'k', '10', 'GT', 'LT'],
    ['EXPIRE', 'k', '10', 'GT', 'GT', 'XX', 'XX'],
    ['EXPIRE', 'k', '10', 'FOO'],
    ['EXPIRE', 'k', '10', 'NX', 'FOO', 'XX'],
    ['EXPIRE', 'k', '10', 'f\x00oo'],
    ['EXPIRE', 'k', '10', ''],
    ['EXPIRE', 'k', 'abc', 'NX', 'XX'],
    ['EXPIRE', 'k', 'abc', 'BAR'],
    ['EXPIRE', 'k', 'abc'],
    ['EXPIRE', 'k', ''],
    ['EXPIRE', 'k', ' 1'],
    ['EXPIRE', 'k', '1.0'],
    ['EXPIRE', 'k', '+1'],
    ['EXPIRE', 'k', '0x10'],
    ['EXPIRE', 'nokey', 'abc'],
    ['EXPIRE', 'k', '9223372036854775807'],
    ['EXPIRE', 'k', '9223372036854775808'],
    ['EXPIRE', 'k', '9223372036854776'],
    ['EXPIRE', 'k', '9223372036854775'],
    ['EXPIRE', 'k', '-9223372036854776'],
    ['EXPIRE', 'k', '-9223372036854775808'],
    ['EXPIREAT', 'k', '9223372036854776'],
    ['EXPIREAT', 'k', '-9223372036854776'],
    ['PEXPIRE', 'k', '9223372036854775807'],
    ['PEXPIRE', 'k', '9223372036854770000'],
    ['EXISTS', 'k'],
    ['PEXPIREAT', 'k', '9223372036854775808'],
    ['PEXPIREAT', 'k', '9223372036854775807'],
    ['PEXPIRETIME', 'k'],
    ['EXPIRETIME', 'k'],
    ['EXPIREAT', 'k', '9223372036854775'],
    ['EXPIRETIME', 'k'],
    ['PEXPIRETIME', 'k'],
    ['PEXPIREAT', 'k', '9223372036854770000'],
    ['PEXPIRETIME', 'k'],
    ['PERSIST', 'k'],
    ['EXPIRE', 'k', '-9223372036854775'],
    ['EXISTS', 'k'],
  ],
  'deadlines in the past delete the key': [
    ['SET', 'a', '1'],
    ['EXPIRE', 'a', '0'],
    ['EXISTS', 'a'],
    ['SET', 'a', '1'],
    ['EXPIRE', 'a', '-1'],
    ['EXISTS', 'a'],
    ['SET', 'a', '1'],
    ['PEXPIRE', 'a', '-9223372036854775808'],
    ['EXISTS', 'a'],
    ['SET', 'a', '1'],
    ['EXPIREAT', 'a', '0'],
    ['EXISTS', 'a'],
    ['SET', 'a', '1'],
    ['PEXPIREAT', 'a', '-1'],
    ['EXISTS', 'a'],
    ['SET', 'a', '1'],
    ['PEXPIREAT', 'a', '1', 'XX'],
    ['EXISTS', 'a'],
    ['PEXPIREAT', 'a', '1', 'NX'],
    ['EXISTS', 'a'],
    ['SET', 'a', '1'],
    ['PEXPIREAT', 'a', String(T)],
    ['PEXPIREAT', 'a', '1', 'GT'],
    ['PEXPIREAT', 'a', '1', 'LT'],
    ['EXISTS', 'a'],
    ['TTL', 'a'],
    ['PTTL', 'a'],
    ['EXPIRETIME', 'a'],
    ['PEXPIRETIME', 'a'],
  ],
  'TTL family on missing and persistent keys': [
    ['TTL', 'nokey'],
    ['PTTL', 'nokey'],
    ['EXPIRETIME', 'nokey'],
    ['PEXPIRETIME', 'nokey'],
    ['PERSIST', 'nokey'],
    ['SET', 'p', 'v'],
    ['TTL', 'p'],
    ['PTTL', 'p'],
    ['EXPIRETIME', 'p'],
    ['PEXPIRETIME', 'p'],
    ['PERSIST', 'p'],
    ['PEXPIREAT', 'p', '4000000000499'],
    ['EXPIRETIME', 'p'],
    ['PEXPIREAT', 'p', '4000000000500'],
    ['EXPIRETIME', 'p'],
    ['PERSIST', 'p'],
    ['PERSIST', 'p'],
    ['TTL', 'p'],
  ],
};

describe.runIf(shouldRunWith('redis-server'))('expire: replies byte-identical to redis-server', () => {
  let redis: RedisProcess | undefined;
  let tredis: TredisServer | undefined;

  beforeAll(async () => {
    redis = await startRedisServer();
    tredis = await startServer({ port: 0, bind: '127.0.0.1' });
  });

  afterAll(async () => {
    await tredis?.close();
    await redis?.stop();
  });

  for (const [name, lines] of Object.entries(CASES)) {
    it(name, async () => {
      if (!redis || !tredis) throw new Error('servers not started');
      const r = await RawClient.connect(redis.port);
      const t = await RawClient.connect(tredis.port);
      try {
        await Promise.all([r.command(['FLUSHALL']), t.command(['FLUSHALL'])]);
        const diffs: string[] = [];
        for (const argv of lines) {
          const [a, b] = await Promise.all([r.command(argv), t.command(argv)]);
          if (!a.equals(b)) diffs.push(`${escapeBytes(argv.join(' '))}\n    redis:  ${escapeBytes(a)}\n    tredis: ${escapeBytes(b)}`);
        }
        expect(diffs.join('\n'), diffs.join('\n')).toBe('');
      } finally {
        await Promise.all([r.close(), t.close()]);
      }
    });
  }
});

describe('expire: semantics with a controlled clock', () => {
  let s: TredisServer;
  let r: Redis;
  let events: { type: string; event: string; key: string; db: number }[] = [];
  let propagated: [number, string[]][] = [];

  beforeAll(async () => {
    s = await startServer({ port: 0, bind: '127.0.0.1' });
    s.server.notifyKeyspaceEvent = (type, event, key, db) => {
      events.push({ type, event, key, db });
    };
    s.server.propagationListeners.push((db, argv) => propagated.push([db, argv]));
    r = new Redis(s.port, '127.0.0.1');
  });

  afterAll(async () => {
    await r.quit();
    await s.close();
  });

  beforeEach(async () => {
    await r.flushall();
    await r.config('SET', 'lazyfree-lazy-expire', 'no');
    events = [];
    propagated = [];
  });

  afterEach(() => {
    s.clock.reset();
  });

  it('a TTL runs out with the server clock: no sleeping', async () => {
    await r.set('k', 'v');
    expect(await r.expire('k', 10)).toBe(1);
    expect(await r.ttl('k')).toBe(10);
    s.clock.advance(9_000);
    expect(await r.ttl('k')).toBe(1);
    expect(await r.get('k')).toBe('v');
    s.clock.advance(1_001);
    expect(await r.ttl('k')).toBe(-2);
    expect(await r.get('k')).toBe(null);
    expect(await r.exists('k')).toBe(0);
  });

  it('TTL and EXPIRETIME round to the nearest second, as (ms + 500) / 1000', async () => {
    await r.set('k', 'v');
    // A few ms may pass between the two commands; these values are chosen
    // so that the rounding is the same for any delay under 400 ms.
    await r.pexpire('k', 1999);
    expect(await r.ttl('k')).toBe(2); // truncation would say 1
    await r.pexpire('k', 1400);
    expect(await r.ttl('k')).toBe(1); // rounding up would say 2
    await r.pexpireat('k', T + 499);
    expect(await r.expiretime('k')).toBe(T / 1000);
    await r.pexpireat('k', T + 500);
    expect(await r.expiretime('k')).toBe(T / 1000 + 1);
  });

  it('relative forms are propagated as PEXPIREAT with the absolute deadline, keeping the options', async () => {
    await r.set('k', 'v');
    propagated = [];
    const before = s.clock.now();
    expect(await r.call('EXPIRE', 'k', '100', 'GT', 'xx')).toBe(0); // GT never beats "no TTL": not propagated
    expect(await r.call('EXPIRE', 'k', '50', 'nx')).toBe(1);
    expect(await r.call('PEXPIRE', 'k', '200000')).toBe(1);
    expect(await r.call('EXPIREAT', 'k', String(T / 1000))).toBe(1);
    expect(await r.call('pexpireat', 'k', String(T - 7), 'LT')).toBe(1);
    const after = s.clock.now();
    expect(propagated.map(([db]) => db)).toEqual([0, 0, 0, 0]);
    const [p1, p2, p3, p4] = propagated.map(([, argv]) => argv);
    expect([p1[0], p1[1], p1[3]]).toEqual(['PEXPIREAT', 'k', 'nx']);
    expect(Number(p1[2])).toBeGreaterThanOrEqual(before + 50_000);
    expect(Number(p1[2])).toBeLessThanOrEqual(after + 50_000);
    expect(p2.slice(0, 2)).toEqual(['PEXPIREAT', 'k']);
    expect(Number(p2[2])).toBeGreaterThanOrEqual(before + 200_000);
    expect(Number(p2[2])).toBeLessThanOrEqual(after + 200_000);
    expect(p3).toEqual(['PEXPIREAT', 'k', String(T)]);
    expect(p4).toEqual(['pexpireat', 'k', String(T - 7), 'LT']); // already absolute: sent as is
  });

  it('GT never beats "no TTL"; LT always does', async () => {
    await r.set('k', 'v');
    expect(await r.call('PEXPIREAT', 'k', String(T), 'GT')).toBe(0);
    expect(await r.ttl('k')).toBe(-1);
    expect(await r.call('PEXPIREAT', 'k', String(T), 'LT')).toBe(1);
    expect(await r.pexpiretime('k')).toBe(T);
  });

  it('a past deadline deletes the key, replies 1, fires "del" and propagates DEL (UNLINK with lazyfree-lazy-expire)', async () => {
    await r.set('k', 'v');
    events = [];
    propagated = [];
    const dirty = s.server.dirty;
    expect(await r.expire('k', -5)).toBe(1);
    expect(await r.exists('k')).toBe(0);
    expect(events).toEqual([{ type: 'g', event: 'del', key: 'k', db: 0 }]);
    expect(propagated).toEqual([[0, ['DEL', 'k']]]);
    expect(s.server.dirty - dirty).toBe(1);
    // Not an expiry: expired_keys is unchanged.
    await r.config('SET', 'lazyfree-lazy-expire', 'yes');
    await r.set('k', 'v');
    propagated = [];
    const expired = s.server.stats.expiredKeys;
    expect(await r.pexpireat('k', 1)).toBe(1);
    expect(propagated).toEqual([[0, ['UNLINK', 'k']]]);
    expect(s.server.stats.expiredKeys).toBe(expired);
  });

  it('EXPIRE fires "expire", PERSIST fires "persist"; both bump dirty only when they change something', async () => {
    await r.set('k', 'v');
    events = [];
    let dirty = s.server.dirty;
    expect(await r.expire('k', 100)).toBe(1);
    expect(await r.expire('k', 100, 'NX')).toBe(0);
    expect(s.server.dirty - dirty).toBe(1);
    dirty = s.server.dirty;
    expect(await r.persist('k')).toBe(1);
    expect(await r.persist('k')).toBe(0);
    expect(await r.persist('nokey')).toBe(0);
    expect(s.server.dirty - dirty).toBe(1);
    expect(events.map((e) => e.event)).toEqual(['expire', 'persist']);
    expect(s.server.dbs[0].expiresCount).toBe(0);
  });

  it('lazy expiry: an expired key is invisible everywhere, reclaimed on access, counted and propagated as DEL', async () => {
    await r.set('gone', 'v');
    await r.set('kept', 'v');
    await r.pexpire('gone', 1000);
    s.clock.advance(1001);
    expect(await r.dbsize()).toBe(2); // still stored until someone looks
    expect(await r.keys('*')).toEqual(['kept']); // KEYS skips it without reclaiming
    expect(await r.dbsize()).toBe(2);
    propagated = [];
    events = [];
    const expired = s.server.stats.expiredKeys;
    expect(await r.exists('gone', 'kept')).toBe(1);
    expect(s.server.stats.expiredKeys - expired).toBe(1);
    expect(await r.dbsize()).toBe(1);
    expect(await r.type('gone')).toBe('none');
    expect(propagated).toEqual([[0, ['DEL', 'gone']]]);
    expect(events.map((e) => e.event)).toEqual(['expired']);
    // Writes do not see it either.
    await r.set('w', 'v');
    await r.pexpire('w', 10);
    s.clock.advance(11);
    expect(await r.expire('w', 100)).toBe(0);
    expect(await r.persist('w')).toBe(0);
    expect(await r.ttl('w')).toBe(-2);
  });

  it('SET without KEEPTTL drops the TTL; the volatile count follows', async () => {
    await r.set('k', 'v');
    await r.expire('k', 100);
    expect(s.server.dbs[0].expiresCount).toBe(1);
    await r.set('k', 'v2');
    expect(await r.ttl('k')).toBe(-1);
    expect(s.server.dbs[0].expiresCount).toBe(0);
  });
});
