/**
 * Generic key commands (commands/keys.ts): DEL UNLINK EXISTS TOUCH TYPE
 * RENAME RENAMENX MOVE COPY KEYS SCAN RANDOMKEY DBSIZE FLUSHDB FLUSHALL
 * OBJECT, through a real connection.
 *
 * The first part replays edge cases on a real redis-server and on tredis
 * and compares the raw reply bytes (skipped, with a message, without
 * redis-server). The rest checks what a reply cannot show: keyspace
 * events, propagation, the dirty counter, statistics, value independence
 * after COPY, lazy expiry.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import Redis from 'ioredis';
import { startServer, type TredisServer } from '../../server/index.js';
import { RawString } from '../../datatypes/values.js';
import { RawClient, escapeBytes, parseReply, type ReplyNode } from '../helpers/resp.js';
import { shouldRunWith, startRedisServer, type RedisProcess } from '../helpers/redis-server.js';

// --- byte-for-byte against Redis 7.0 -------------------------------------------

/**
 * One command; `sort` compares aggregates as sorted multisets (hash order
 * differs); `sleep` waits (both servers use their real clocks here).
 */
type Line = string[] | { argv: string[]; sort: true } | { sleep: number };

/** Sorted canonical bytes of a reply (nested aggregates sorted too). */
function canonical(node: ReplyNode): Buffer {
  if (node.children.length === 0) return node.raw;
  const items = node.children.map(canonical).sort(Buffer.compare);
  return Buffer.concat([node.header, ...items]);
}

const sorted = (...argv: string[]): Line => ({ argv, sort: true });

/** Each case starts from FLUSHALL on both servers, in db 0. */
const CASES: Record<string, Line[]> = {
  'DEL / UNLINK / EXISTS / TOUCH / TYPE': [
    ['SET', 'a', '1'],
    ['SET', 'b', '2'],
    ['EXISTS', 'a', 'a', 'b', 'nokey', 'a'],
    ['TOUCH', 'a', 'a', 'nokey'],
    ['TYPE', 'a'],
    ['TYPE', 'nokey'],
    ['DEL', 'a', 'a', 'nokey'],
    ['UNLINK', 'b', 'b'],
    ['EXISTS', 'a', 'b'],
    ['SET', '', 'empty'],
    ['EXISTS', ''],
    ['DEL', ''],
    ['SET', '\x00\xff', 'v'],
    ['TYPE', '\x00\xff'],
    ['DEL', '\x00\xff'],
  ],
  'RENAME / RENAMENX': [
    ['RENAME', 'nokey', 'nokey'],
    ['RENAMENX', 'nokey', 'x'],
    ['SET', 'a', '1'],
    ['RENAME', 'a', 'a'],
    ['RENAMENX', 'a', 'a'],
    ['SET', 'b', '2'],
    ['RENAMENX', 'a', 'b'],
    ['RENAME', 'a', 'b'],
    ['GET', 'b'],
    ['EXISTS', 'a'],
    ['RENAMENX', 'b', 'c'],
    ['GET', 'c'],
    ['PEXPIREAT', 'c', '4000000000000'],
    ['RENAME', 'c', 'd'],
    ['PEXPIRETIME', 'd'],
    ['SET', 'e', 'x'],
    ['PEXPIREAT', 'e', '4100000000000'],
    ['RENAME', 'd', 'e'],
    ['PEXPIRETIME', 'e'],
    ['SET', 'f', 'no ttl'],
    ['RENAME', 'f', 'e'],
    ['PEXPIRETIME', 'e'],
  ],
  'MOVE': [
    ['SET', 'm', 'v'],
    ['MOVE', 'm', '0'],
    ['MOVE', 'm', '16'],
    ['MOVE', 'm', '-1'],
    ['MOVE', 'm', '2147483648'],
    ['MOVE', 'm', '-2147483649'],
    ['MOVE', 'm', '99999999999999999999'],
    ['MOVE', 'm', 'x'],
    ['MOVE', 'm', ''],
    ['MOVE', 'm', ' 1'],
    ['MOVE', 'nokey', '1'],
    ['MOVE', 'nokey', '0'],
    ['PEXPIREAT', 'm', '4000000000000'],
    ['MOVE', 'm', '1'],
    ['EXISTS', 'm'],
    ['SELECT', '1'],
    ['PEXPIRETIME', 'm'],
    ['SET', 'n', 'in 1'],
    ['SELECT', '0'],
    ['SET', 'n', 'in 0'],
    ['MOVE', 'n', '1'],
    ['GET', 'n'],
  ],
  'COPY': [
    ['COPY', 'nokey', 'x'],
    ['COPY', 'nokey', 'nokey'],
    ['SET', 's', 'v'],
    ['COPY', 's', 's'],
    ['COPY', 's', 's', 'DB', '0'],
    ['COPY', 's', 's', 'DB', '1'],
    ['COPY', 's', 't', 'DB'],
    ['COPY', 's', 't', 'DB', 'x'],
    ['COPY', 's', 't', 'DB', '16'],
    ['COPY', 's', 't', 'DB', '4294967296'],
    ['COPY', 's', 't', 'REPLACE', 'REPLACE'],
    ['COPY', 's', 't', 'XX'],
    ['COPY', 's', 't', 'replace\x00junk'],
    ['COPY', 's', 't'],
    ['COPY', 's', 't', 'REPLACE'],
    ['SET', 'i', '123'],
    ['COPY', 'i', 'j'],
    ['OBJECT', 'ENCODING', 'j'],
    ['SET', 'long', 'x'.repeat(60)],
    ['COPY', 'long', 'long2'],
    ['OBJECT', 'ENCODING', 'long2'],
    ['PEXPIREAT', 's', '4000000000000'],
    ['COPY', 's', 'u', 'DB', '2'],
    ['SELECT', '2'],
    ['PEXPIRETIME', 'u'],
    ['GET', 'u'],
    ['SELECT', '0'],
    ['COPY', 's', 'u', 'DB', '2'],
  ],
  'KEYS': [
    ['SET', '', 'e'],
    ['SET', 'foo', '1'],
    ['SET', 'foobar', '2'],
    ['SET', 'f\x00o', '3'],
    ['SET', 'F[o]', '4'],
    sorted('KEYS', '*'),
    sorted('KEYS', '**'),
    sorted('KEYS', 'foo*'),
    sorted('KEYS', 'f?o'),
    sorted('KEYS', 'F\\[o\\]'),
    sorted('KEYS', 'FOO*'),
    sorted('KEYS', ''),
    sorted('KEYS', 'f\x00*'),
  ],
  'SCAN options and cursors': [
    ['SET', 'a1', 'x'],
    ['SET', 'a2', 'x'],
    ['SET', 'b1', 'x'],
    sorted('SCAN', '0', 'COUNT', '100'),
    sorted('SCAN', '', 'COUNT', '100'),
    sorted('SCAN', '+0', 'COUNT', '100'),
    sorted('SCAN', '-0', 'COUNT', '100'),
    sorted('SCAN', '0\x00junk', 'COUNT', '100'),
    sorted('SCAN', '0', 'MATCH', 'a*', 'COUNT', '100'),
    sorted('SCAN', '0', 'MATCH', '*', 'COUNT', '100'),
    sorted('SCAN', '0', 'COUNT', '100', 'MATCH', 'x*', 'MATCH', 'b*'),
    sorted('SCAN', '0', 'TYPE', 'string', 'COUNT', '100'),
    sorted('SCAN', '0', 'TYPE', 'STRING', 'COUNT', '100'),
    sorted('SCAN', '0', 'TYPE', 'string\x00x', 'COUNT', '100'),
    sorted('SCAN', '0', 'TYPE', 'hash', 'COUNT', '100'),
    sorted('SCAN', '0', 'TYPE', 'nosuchtype', 'COUNT', '100'),
    sorted('SCAN', '0', 'count\x00', '100'),
    ['SCAN', ' 0'],
    ['SCAN', '0 '],
    ['SCAN', 'x'],
    ['SCAN', '0x1'],
    ['SCAN', '+'],
    ['SCAN', '-'],
    ['SCAN', '18446744073709551616'],
    ['SCAN', '99999999999999999999999'],
    ['SCAN', '0', 'COUNT', '0'],
    ['SCAN', '0', 'COUNT', '-5'],
    ['SCAN', '0', 'COUNT', 'x'],
    ['SCAN', '0', 'COUNT', '9223372036854775808'],
    ['SCAN', '0', 'COUNT'],
    ['SCAN', '0', 'MATCH'],
    ['SCAN', '0', 'TYPE'],
    ['SCAN', '0', 'FOO', 'bar'],
    ['SCAN', 'x', 'COUNT', '0'],
    ['SCAN', '0', 'COUNT', '0', 'FOO'],
  ],
  'expired keys met by KEYS, SCAN, RANDOMKEY': [
    ['DEBUG', 'SET-ACTIVE-EXPIRE', '0'],
    ['SET', 'a', '1'],
    ['SET', 'b', '2'],
    ['SET', 'c', '3'],
    ['PEXPIRE', 'a', '1'],
    ['PEXPIRE', 'b', '1'],
    { sleep: 20 },
    ['DBSIZE'],
    sorted('KEYS', '*'),
    ['DBSIZE'],
    // MATCH filters first: expired keys that do not match stay stored.
    sorted('SCAN', '0', 'COUNT', '100', 'MATCH', 'c*'),
    ['DBSIZE'],
    // 7.0 quirk: TYPE none lists the expired keys (and deletes them).
    sorted('SCAN', '0', 'COUNT', '100', 'TYPE', 'none'),
    ['DBSIZE'],
    ['SET', 'a', '1'],
    ['PEXPIRE', 'a', '1'],
    { sleep: 20 },
    sorted('SCAN', '0', 'COUNT', '100', 'TYPE', 'string'),
    ['DBSIZE'],
    ['SET', 'a', '1'],
    ['PEXPIRE', 'a', '1'],
    { sleep: 20 },
    sorted('SCAN', '0', 'COUNT', '100'),
    ['DBSIZE'],
    ['PEXPIRE', 'c', '1'],
    { sleep: 20 },
    ['RANDOMKEY'],
    ['DBSIZE'],
    ['DEBUG', 'SET-ACTIVE-EXPIRE', '1'],
  ],
  'RANDOMKEY / DBSIZE / FLUSHDB / FLUSHALL': [
    ['RANDOMKEY'],
    ['DBSIZE'],
    ['SET', 'only', 'v'],
    ['RANDOMKEY'],
    ['DBSIZE'],
    ['FLUSHDB', 'FOO'],
    ['FLUSHDB', 'ASYNC', 'SYNC'],
    ['FLUSHALL', 'x'],
    ['FLUSHDB', 'sync\x00junk'],
    ['DBSIZE'],
    ['SET', 'a', '1'],
    ['SELECT', '1'],
    ['SET', 'b', '1'],
    ['FLUSHDB', 'ASYNC'],
    ['DBSIZE'],
    ['SELECT', '0'],
    ['DBSIZE'],
    ['FLUSHALL', 'SYNC'],
    ['DBSIZE'],
    ['FLUSHALL', 'async'],
  ],
  'OBJECT': [
    ['OBJECT'],
    ['OBJECT', 'FOO'],
    ['OBJECT', 'FOO', 'k'],
    ['OBJECT', 'ENCODING'],
    ['OBJECT', 'ENCODING', 'a', 'b'],
    ['OBJECT', 'HELP', 'x'],
    ['OBJECT', 'ENCODING', 'nokey'],
    ['OBJECT', 'REFCOUNT', 'nokey'],
    ['OBJECT', 'IDLETIME', 'nokey'],
    ['OBJECT', 'FREQ', 'nokey'],
    ['SET', 'i0', '0'],
    ['SET', 'i9999', '9999'],
    ['SET', 'i10000', '10000'],
    ['SET', 'neg', '-1'],
    ['SET', 'big', '9223372036854775807'],
    ['SET', 'lead0', '01'],
    ['SET', 'emb', 'x'.repeat(44)],
    ['SET', 'raw', 'x'.repeat(45)],
    ['OBJECT', 'ENCODING', 'i0'],
    ['OBJECT', 'ENCODING', 'big'],
    ['OBJECT', 'ENCODING', 'lead0'],
    ['OBJECT', 'ENCODING', 'emb'],
    ['OBJECT', 'ENCODING', 'raw'],
    ['OBJECT', 'REFCOUNT', 'i0'],
    ['OBJECT', 'REFCOUNT', 'i9999'],
    ['OBJECT', 'REFCOUNT', 'i10000'],
    ['OBJECT', 'REFCOUNT', 'neg'],
    ['OBJECT', 'REFCOUNT', 'emb'],
    ['OBJECT', 'IDLETIME', 'emb'],
    ['OBJECT', 'FREQ', 'emb'],
    ['CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lru'],
    ['OBJECT', 'REFCOUNT', 'i0'],
    ['CONFIG', 'SET', 'maxmemory', '1000000000'],
    ['SET', 'i1', '1'],
    ['OBJECT', 'REFCOUNT', 'i1'],
    ['CONFIG', 'SET', 'maxmemory-policy', 'volatile-lfu'],
    ['OBJECT', 'IDLETIME', 'emb'],
    ['CONFIG', 'SET', 'maxmemory-policy', 'noeviction'],
    ['CONFIG', 'SET', 'maxmemory', '0'],
  ],
  'COMMAND INFO metadata': [
    ['COMMAND', 'INFO', ...'del unlink exists touch type rename renamenx move copy keys scan randomkey dbsize flushdb flushall'.split(' ')],
    ['COMMAND', 'INFO', ...'expire pexpire expireat pexpireat ttl pttl expiretime pexpiretime persist'.split(' ')],
    // Redis lists subcommands in (seeded) hash order: compare them as a set.
    sorted('COMMAND', 'INFO', 'object'),
    ['COMMAND', 'GETKEYS', 'RENAME', 'a', 'b'],
    ['COMMAND', 'GETKEYSANDFLAGS', 'COPY', 'a', 'b', 'DB', '1'],
    ['COMMAND', 'GETKEYSANDFLAGS', 'DEL', 'a', 'b', 'c'],
    ['COMMAND', 'GETKEYSANDFLAGS', 'OBJECT', 'ENCODING', 'k'],
  ],
};

describe.runIf(shouldRunWith('redis-server'))('keys: replies byte-identical to redis-server', () => {
  let redis: RedisProcess | undefined;
  let tredis: TredisServer | undefined;

  beforeAll(async () => {
    redis = await startRedisServer();
    tredis = await startServer({ port: 0, bind: '127.0.0.1', 'enable-debug-command': 'yes' });
  });

  afterAll(async () => {
    await tredis?.close();
    await redis?.stop();
  });

  for (const proto of [2, 3]) {
    for (const [name, lines] of Object.entries(CASES)) {
      it(`${name} (RESP${proto})`, async () => {
        if (!redis || !tredis) throw new Error('servers not started');
        const r = await RawClient.connect(redis.port);
        const t = await RawClient.connect(tredis.port);
        try {
          for (const c of [r, t]) {
            await c.command(['FLUSHALL']);
            if (proto === 3) await c.command(['HELLO', '3']);
          }
          const diffs: string[] = [];
          for (const line of lines) {
            if (!Array.isArray(line) && 'sleep' in line) {
              await new Promise((resolve) => setTimeout(resolve, line.sleep));
              continue;
            }
            const argv = Array.isArray(line) ? line : line.argv;
            const [a, b] = await Promise.all([r.command(argv), t.command(argv)]);
            const same = Array.isArray(line) ? a.equals(b) : canonical(parseReply(a)).equals(canonical(parseReply(b)));
            if (!same) {
              // Show the neighbourhood of the first differing byte (long replies).
              let at = 0;
              while (at < a.length && a[at] === b[at]) at++;
              const from = Math.max(0, at - 120);
              diffs.push(
                `${escapeBytes(argv.join(' '))} (first difference at byte ${at})\n    redis:  ${escapeBytes(a.subarray(from, at + 200))}\n    tredis: ${escapeBytes(b.subarray(from, at + 200))}`,
              );
            }
          }
          expect(diffs.join('\n'), diffs.join('\n')).toBe('');
        } finally {
          await Promise.all([r.close(), t.close()]);
        }
      });
    }
  }
});

// --- behaviour a reply does not show -------------------------------------------

interface Event {
  type: string;
  event: string;
  key: string;
  db: number;
}

describe('keys: semantics', () => {
  let s: TredisServer;
  let r: Redis;
  let events: Event[] = [];
  let propagated: [number, string[]][] = [];

  beforeAll(async () => {
    s = await startServer({ port: 0, bind: '127.0.0.1' });
    // Listen in on the keyspace-event hook and the after-write hook.
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
    await r.select(0);
    events = [];
    propagated = [];
  });

  afterEach(() => {
    s.clock.reset();
    s.server.refreshLruClock(); // so the next test's keys get a fresh LRU stamp
  });

  it('DEL and UNLINK count each key once, fire "del" and bump dirty per key', async () => {
    await r.set('a', '1');
    await r.set('b', '2');
    events = [];
    const dirty = s.server.dirty;
    expect(await r.del('a', 'a', 'nokey', 'b')).toBe(2);
    expect(s.server.dirty - dirty).toBe(2);
    expect(events).toEqual([
      { type: 'g', event: 'del', key: 'a', db: 0 },
      { type: 'g', event: 'del', key: 'b', db: 0 },
    ]);
    await r.set('c', '3');
    expect(await r.unlink('c', 'c')).toBe(1);
    expect(await r.del('nokey')).toBe(0);
  });

  it('EXISTS counts repeats; EXISTS and TYPE count hits/misses but do not refresh the idle time', async () => {
    await r.set('k', 'v');
    expect(await r.exists('k', 'k', 'nokey', 'k')).toBe(3);
    const stats = s.server.stats;
    const hits = stats.keyspaceHits;
    const misses = stats.keyspaceMisses;
    await r.exists('k', 'nokey');
    await r.type('k');
    expect(stats.keyspaceHits - hits).toBe(2);
    expect(stats.keyspaceMisses - misses).toBe(1);

    s.clock.advance(10_000);
    s.server.refreshLruClock();
    await r.exists('k');
    await r.type('k');
    await r.ttl('k');
    expect(await r.object('IDLETIME', 'k')).toBeGreaterThanOrEqual(10);
    await r.touch('k');
    expect(await r.object('IDLETIME', 'k')).toBe(0);
  });

  it('RENAME carries the TTL, replaces the target, fires rename_from/rename_to', async () => {
    await r.set('src', 'v');
    await r.pexpire('src', 100_000);
    await r.set('dst', 'old');
    events = [];
    const dirty = s.server.dirty;
    expect(await r.rename('src', 'dst')).toBe('OK');
    expect(s.server.dirty - dirty).toBe(1);
    expect(await r.get('dst')).toBe('v');
    expect(await r.pttl('dst')).toBeGreaterThan(90_000);
    expect(await r.exists('src')).toBe(0);
    expect(events.map((e) => e.event)).toEqual(['rename_from', 'rename_to']);
    expect(events.map((e) => e.key)).toEqual(['src', 'dst']);
    // A target with a TTL loses it when the source has none.
    await r.set('p', 'persistent');
    expect(await r.rename('p', 'dst')).toBe('OK');
    expect(await r.ttl('dst')).toBe(-1);
    expect(s.server.dbs[0].expiresCount).toBe(0);
    expect(s.server.dbs[0].size).toBe(1);
  });

  it('RENAME of an expired key is "no such key"; RENAMENX onto an expired key succeeds', async () => {
    await r.set('a', '1');
    await r.pexpire('a', 1000);
    s.clock.advance(1001);
    await expect(r.rename('a', 'b')).rejects.toThrow('ERR no such key');
    await r.set('x', 'new');
    await r.set('y', 'expiring');
    await r.pexpire('y', 1000);
    s.clock.advance(1001);
    expect(await r.renamenx('x', 'y')).toBe(1);
    expect(await r.get('y')).toBe('new');
    expect(await r.ttl('y')).toBe(-1);
  });

  it('MOVE keeps the value object and the TTL, fires move_from in the source db and move_to in the target', async () => {
    await r.set('m', 'v');
    await r.pexpire('m', 50_000);
    events = [];
    expect(await r.move('m', 3)).toBe(1);
    expect(events).toEqual([
      { type: 'g', event: 'move_from', key: 'm', db: 0 },
      { type: 'g', event: 'move_to', key: 'm', db: 3 },
    ]);
    const db3 = s.server.dbs[3];
    expect(db3.lookupRead('m')).toBe('v');
    expect(db3.getExpire('m')).toBeGreaterThan(s.clock.now());
    expect(s.server.dbs[0].size).toBe(0);
    expect(s.server.dbs[0].expiresCount).toBe(0);
    // An expired key in the target does not block the move.
    await r.set('m', 'again');
    await r.select(3);
    await r.pexpire('m', 10);
    s.clock.advance(11);
    await r.select(0);
    expect(await r.move('m', 3)).toBe(1);
    expect(await r.move('m', 3)).toBe(0);
  });

  it('MOVE and cross-db COPY are refused in cluster mode', async () => {
    const cs = await startServer({ port: 0, bind: '127.0.0.1', 'cluster-enabled': 'yes' });
    const c = new Redis(cs.port, '127.0.0.1', { lazyConnect: true });
    await c.connect();
    try {
      await expect(c.call('MOVE', 'k', '1')).rejects.toThrow('ERR MOVE is not allowed in cluster mode');
      await expect(c.call('COPY', 'a', 'b', 'DB', '1')).rejects.toThrow('ERR Copying to another database is not allowed in cluster mode');
    } finally {
      c.disconnect();
      await cs.close();
    }
  });

  it('COPY duplicates a mutable string: changing the copy leaves the source alone', async () => {
    const db = s.server.dbs[0];
    db.setKey('raw', new RawString('hello'));
    expect(await r.copy('raw', 'copy')).toBe(1);
    const a = db.lookupRead('raw');
    const b = db.lookupRead('copy');
    expect(a).toBeInstanceOf(RawString);
    expect(b).toBeInstanceOf(RawString);
    expect(b).not.toBe(a);
    (b as RawString).append(' world');
    expect(String(a)).toBe('hello');
    expect(String(b)).toBe('hello world');
    expect(await r.object('ENCODING', 'copy')).toBe('raw');
  });

  it('COPY calls clone() on collections, shares plain strings, keeps the TTL, fires copy_to in the target db', async () => {
    let cloned = 0;
    const fake = {
      type: 'hash' as const,
      encoding: () => 'listpack',
      memoryUsage: () => 0,
      clone() {
        cloned++;
        return { ...fake };
      },
    };
    s.server.dbs[0].setKey('h', fake);
    await r.pexpire('h', 60_000);
    events = [];
    expect(await r.call('COPY', 'h', 'h2', 'DB', '5')).toBe(1);
    expect(cloned).toBe(1);
    expect(events).toEqual([{ type: 'g', event: 'copy_to', key: 'h2', db: 5 }]);
    expect(s.server.dbs[5].getExpire('h2')).toBe(s.server.dbs[0].getExpire('h'));
    await r.select(5);
    expect(await r.type('h2')).toBe('hash');
    expect(await r.object('ENCODING', 'h2')).toBe('listpack');
    await r.select(0);
    await r.set('str', 'plain');
    expect(await r.copy('str', 'str2')).toBe(1);
    expect(s.server.dbs[0].lookupRead('str2')).toBe('plain');
  });

  it('KEYS and SCAN never list an expired key; SCAN reclaims the ones it meets', async () => {
    await r.set('live', '1');
    await r.set('dead', '2');
    await r.pexpire('dead', 100);
    s.clock.advance(101);
    expect(await r.dbsize()).toBe(2); // not reclaimed yet: DBSIZE counts it, as Redis does
    expect(await r.keys('*')).toEqual(['live']);
    expect(await r.dbsize()).toBe(2); // KEYS does not delete
    const expired = s.server.stats.expiredKeys;
    expect(await r.scan('0', 'COUNT', '100')).toEqual(['0', ['live']]);
    expect(s.server.stats.expiredKeys - expired).toBe(1);
    expect(await r.dbsize()).toBe(1);
  });

  it('a key is still alive at its exact deadline and gone one millisecond later (as Redis)', async () => {
    await r.set('k', 'v');
    const db = s.server.dbs[0];
    // Freeze time relative to the deadline by reading the server clock.
    const when = s.clock.now() + 5000;
    await r.pexpireat('k', when);
    s.clock.advance(when - s.clock.now());
    // Time may tick by a millisecond meanwhile: check through the Db directly.
    const at = s.clock.now();
    if (at === when) expect(db.exists('k')).toBe(true);
    s.clock.advance(when + 1 - s.clock.now());
    expect(db.exists('k')).toBe(false);
  });

  it('RANDOMKEY skips and reclaims expired keys, and is nil when they all expired', async () => {
    for (let i = 0; i < 50; i++) {
      await r.set(`v${i}`, 'x');
      await r.pexpire(`v${i}`, 100);
    }
    await r.set('survivor', 'x');
    s.clock.advance(200);
    expect(await r.randomkey()).toBe('survivor');
    await r.del('survivor');
    expect(await r.randomkey()).toBe(null);
    expect(await r.dbsize()).toBe(0);
  });

  it('a full SCAN returns every key present throughout, even with writes between the calls', async () => {
    const db = s.server.dbs[0];
    for (let i = 0; i < 2000; i++) db.setKey(`stable:${i}`, 'x');
    const seen = new Set<string>();
    let cursor = '0';
    let round = 0;
    do {
      const [next, keys] = await r.scan(cursor, 'COUNT', '37');
      for (const k of keys) seen.add(k);
      cursor = next;
      // Churn between calls: add new keys, delete transient ones.
      for (let j = 0; j < 20; j++) db.setKey(`tmp:${round}:${j}`, 'y');
      for (let j = 0; j < 10; j++) db.delete(`tmp:${round - 1}:${j}`);
      round++;
    } while (cursor !== '0' && round < 10_000);
    expect(cursor).toBe('0');
    for (let i = 0; i < 2000; i++) expect(seen.has(`stable:${i}`)).toBe(true);
  });

  it('SCAN TYPE and MATCH filter after the walk; COUNT bounds the keys looked at', async () => {
    for (let i = 0; i < 100; i++) await r.set(`k${i}`, 'v');
    const [next, keys] = await r.scan('0', 'COUNT', '10');
    expect(next).not.toBe('0');
    expect(keys.length).toBeLessThanOrEqual(10);
    const [, none] = await r.scan('0', 'COUNT', '1000', 'TYPE', 'list');
    expect(none).toEqual([]);
    const [, some] = await r.scan('0', 'COUNT', '1000', 'MATCH', 'k1?');
    expect(some.sort()).toEqual(['k10', 'k11', 'k12', 'k13', 'k14', 'k15', 'k16', 'k17', 'k18', 'k19']);
  });

  it('FLUSHDB adds the keys removed to dirty and is propagated even when empty; FLUSHALL adds one more', async () => {
    await r.set('a', '1');
    await r.set('b', '2');
    let dirty = s.server.dirty;
    propagated = [];
    await r.flushdb();
    expect(s.server.dirty - dirty).toBe(2);
    expect(propagated).toEqual([[0, ['flushdb']]]);
    dirty = s.server.dirty;
    propagated = [];
    await r.call('FLUSHDB', 'ASYNC');
    expect(s.server.dirty).toBe(dirty);
    expect(propagated).toEqual([[0, ['FLUSHDB', 'ASYNC']]]);

    await r.set('a', '1');
    await r.select(4);
    await r.set('b', '1');
    dirty = s.server.dirty;
    propagated = [];
    await r.flushall();
    expect(s.server.dirty - dirty).toBe(3);
    expect(propagated).toEqual([[4, ['flushall']]]);
    dirty = s.server.dirty;
    await r.flushall();
    expect(s.server.dirty - dirty).toBe(1);
  });

  it('OBJECT REFCOUNT reports shared integers only while integer sharing is possible', async () => {
    await r.set('n', '42');
    expect(await r.object('REFCOUNT', 'n')).toBe(2147483647);
    await r.config('SET', 'maxmemory-policy', 'allkeys-lru');
    expect(await r.object('REFCOUNT', 'n')).toBe(2147483647); // maxmemory 0: still shared
    await r.config('SET', 'maxmemory', '1gb');
    expect(await r.object('REFCOUNT', 'n')).toBe(1);
    await r.config('SET', 'maxmemory-policy', 'allkeys-random');
    expect(await r.object('REFCOUNT', 'n')).toBe(2147483647);
    await r.config('SET', 'maxmemory', '0');
    await r.config('SET', 'maxmemory-policy', 'noeviction');
  });

  it('OBJECT IDLETIME grows with the clock and errors under LFU; FREQ only works under LFU', async () => {
    await r.set('k', 'v');
    s.clock.advance(42_000);
    s.server.refreshLruClock();
    expect(await r.object('IDLETIME', 'k')).toBeGreaterThanOrEqual(42);
    await expect(r.object('FREQ', 'k')).rejects.toThrow('ERR An LFU maxmemory policy is not selected');
    await r.config('SET', 'maxmemory-policy', 'allkeys-lfu');
    try {
      await expect(r.object('IDLETIME', 'k')).rejects.toThrow('ERR An LFU maxmemory policy is selected, idle time not tracked');
      expect(await r.object('FREQ', 'k')).toBeGreaterThanOrEqual(0);
    } finally {
      await r.config('SET', 'maxmemory-policy', 'noeviction');
    }
  });
});
