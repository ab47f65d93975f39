/**
 * The set family over the wire (ioredis and raw RESP against an in-process
 * tredis): every command's normal cases and errors, intset/hashtable
 * encodings and their conversions under CONFIG SET thresholds, SPOP and
 * SRANDMEMBER in each of Redis's strategies, SSCAN, RESP3 reply types,
 * server.dirty, keyspace events, propagation, hit/miss statistics, WATCH,
 * and bounded large-set operations. The last suite sends a seeded random
 * sequence of set commands to a real redis-server and to tredis and
 * compares the raw replies (hash-order replies as sorted multisets);
 * skipped without redis-server. SETS_SEEDS=4,5,6 SETS_STEPS=6000 run other
 * or longer sequences.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { startServer, type TredisServer } from '../../server/index.js';
import { assertTool, shouldRunWith, startRedisServer, type RedisProcess } from '../helpers/redis-server.js';
import { RawClient, escapeBytes } from '../helpers/resp.js';
import { repliesMatch } from '../compat/compare.js';
import { SetValue } from '../../datatypes/set.js';
import { isCanonicalInt64 } from '../../datatypes/values.js';

const WRONGTYPE = 'WRONGTYPE Operation against a key holding the wrong kind of value';
const SYNTAX = 'ERR syntax error';
const NOT_INT = 'ERR value is not an integer or out of range';

let s: TredisServer;
let r: Redis;
let propagated: string[][];
let events: string[];

beforeAll(async () => {
  s = await startServer({ port: 0, 'enable-debug-command': 'yes' });
  s.server.propagationListeners.push((_db, argv) => propagated.push(argv));
  s.server.notifyKeyspaceEvent = (type, event, key) => {
    events.push(`${type} ${event} ${key}`);
  };
  r = new Redis(s.port);
});

afterAll(async () => {
  await r.quit();
  await s.close();
});

beforeEach(() => {
  for (const db of s.server.dbs) db.clear();
  s.server.config.setMany([['set-max-intset-entries', '512']]);
  propagated = [];
  events = [];
});

function err(p: Promise<unknown>): Promise<string> {
  return p.then(
    () => 'no error',
    (e: Error) => e.message,
  );
}

const encoding = (key: string): Promise<unknown> => r.call('OBJECT', 'ENCODING', key);
const sorted = (a: string[]): string[] => [...a].sort();
const numeric = (a: string[]): string[] => [...a].sort((x, y) => (BigInt(x) < BigInt(y) ? -1 : BigInt(x) > BigInt(y) ? 1 : 0));
const range = (from: number, to: number): string[] => Array.from({ length: to - from }, (_, i) => String(from + i));

async function stat(name: string): Promise<number> {
  const info = (await r.info('stats')) as string;
  const m = new RegExp(`^${name}:(\\d+)`, 'm').exec(info);
  return m ? Number(m[1]) : NaN;
}

describe('SADD / SREM / SCARD / SISMEMBER / SMISMEMBER / SMEMBERS', () => {
  it('adds, counts, tests and removes members', async () => {
    expect(await r.sadd('s', 'a', 'b', 'a')).toBe(2);
    expect(await r.sadd('s', 'b', 'c')).toBe(1);
    expect(await r.scard('s')).toBe(3);
    expect(sorted(await r.smembers('s'))).toEqual(['a', 'b', 'c']);
    expect(await r.sismember('s', 'a')).toBe(1);
    expect(await r.sismember('s', 'z')).toBe(0);
    expect(await r.smismember('s', 'a', 'z', 'c')).toEqual([1, 0, 1]);
    expect(await r.srem('s', 'a', 'z')).toBe(1);
    expect(await r.srem('s', 'b', 'c', 'd')).toBe(2);
    expect(await r.exists('s')).toBe(0);
  });

  it('answers missing keys as empty sets', async () => {
    expect(await r.scard('no')).toBe(0);
    expect(await r.smembers('no')).toEqual([]);
    expect(await r.sismember('no', 'a')).toBe(0);
    expect(await r.smismember('no', 'a', 'b')).toEqual([0, 0]);
    expect(await r.srem('no', 'a')).toBe(0);
  });

  it('keeps binary members byte for byte', async () => {
    const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const members = [all, Buffer.from([0]), Buffer.from('\r\n'), Buffer.alloc(0)];
    expect(await r.sadd('b', ...members)).toBe(4);
    const back = await r.smembersBuffer('b');
    expect(back.map((b) => b.toString('hex')).sort()).toEqual(members.map((b) => b.toString('hex')).sort());
    expect(await r.sismember('b', all)).toBe(1);
    expect(await r.sismember('b', '')).toBe(1);
  });

  it('rejects other types with WRONGTYPE', async () => {
    await r.set('str', 'v');
    for (const p of [
      r.sadd('str', 'a'),
      r.srem('str', 'a'),
      r.smembers('str'),
      r.sismember('str', 'a'),
      r.smismember('str', 'a'),
      r.scard('str'),
      r.spop('str'),
      r.spop('str', 2),
      r.srandmember('str'),
      r.srandmember('str', 2),
      r.sscan('str', 0),
      r.sinter('no', 'str'),
      r.sunion('str'),
      r.sdiff('no', 'str'),
      r.sintercard(2, 'no', 'str'),
    ]) {
      expect(await err(p)).toBe(WRONGTYPE);
    }
    expect(await r.get('str')).toBe('v');
  });
});

describe('encodings', () => {
  it('is an intset while members are canonical int64s, in ascending order', async () => {
    await r.sadd('i', '10', '-3', '9223372036854775807', '-9223372036854775808', '0', '9007199254740993');
    expect(await encoding('i')).toBe('intset');
    expect(await r.smembers('i')).toEqual(['-9223372036854775808', '-3', '0', '10', '9007199254740993', '9223372036854775807']);
    expect(await r.sismember('i', '9007199254740992')).toBe(0);
  });

  it('converts for good on a non-integer member', async () => {
    for (const odd of ['01', '-0', '+1', ' 1', '1.0', '', 'x', '9223372036854775808']) {
      await r.del('i');
      await r.sadd('i', '1', '2');
      await r.sadd('i', odd);
      expect(await encoding('i'), odd).toBe('hashtable');
      await r.srem('i', odd);
      expect(await encoding('i'), odd).toBe('hashtable');
    }
    await r.del('n');
    await r.sadd('n', 'x');
    expect(await encoding('n')).toBe('hashtable');
  });

  it('follows set-max-intset-entries at each write', async () => {
    await r.config('SET', 'set-max-intset-entries', '4');
    await r.sadd('m', '1', '2', '3', '4');
    expect(await encoding('m')).toBe('intset');
    await r.sadd('m', '4');
    expect(await encoding('m')).toBe('intset');
    await r.sadd('m', '5');
    expect(await encoding('m')).toBe('hashtable');
    await r.config('SET', 'set-max-intset-entries', '0');
    await r.sadd('z', '1');
    expect(await encoding('z')).toBe('hashtable');
    await r.config('SET', 'set-max-intset-entries', '100000');
    await r.sadd('big', ...range(0, 2000));
    expect(await encoding('big')).toBe('intset');
    expect(await r.smembers('big')).toEqual(range(0, 2000));
  });

  it('gives stored results the encoding Redis picks', async () => {
    await r.sadd('h', '3', '1', 'x', '2');
    await r.srem('h', 'x');
    expect(await encoding('h')).toBe('hashtable');
    // The union is rebuilt from an empty intset: all integers, so sorted and intset.
    expect(await r.sunion('h')).toEqual(['1', '2', '3']);
    expect(await r.sunionstore('d', 'h')).toBe(3);
    expect(await encoding('d')).toBe('intset');
    expect(await r.sinterstore('d2', 'h', 'h')).toBe(3);
    expect(await encoding('d2')).toBe('intset');
    await r.sadd('w', 'a', '1');
    expect(await r.sdiffstore('d3', 'w', 'h')).toBe(1);
    expect(await encoding('d3')).toBe('hashtable');
    await r.config('SET', 'set-max-intset-entries', '2');
    expect(await r.sunionstore('d4', 'h')).toBe(3);
    expect(await encoding('d4')).toBe('hashtable');
  });

  it('MEMORY USAGE reports what Redis 7.0 reports', async () => {
    // Values measured on redis-server 7.0.15 (jemalloc size classes).
    await r.sadd('a', '1', '2');
    await r.sadd('b', '1', '100000');
    await r.sadd('c', '1', '10000000000');
    await r.sadd('d', ...range(1, 101));
    await r.sadd('e', ...range(1, 101), 'x');
    await r.sadd('f', 'x', 'y', 'z');
    const usage = await Promise.all(['a', 'b', 'c', 'd', 'e', 'f'].map((k) => r.call('MEMORY', 'USAGE', k)));
    expect(usage).toEqual([64, 64, 80, 272, 4360, 232]);
  });

  it('COPY duplicates a set with its encoding', async () => {
    await r.sadd('i', '1', '2');
    await r.sadd('h', 'a', 'b');
    expect(await r.copy('i', 'i2')).toBe(1);
    expect(await r.copy('h', 'h2')).toBe(1);
    await r.sadd('i2', '3');
    await r.srem('h2', 'a');
    expect(await r.smembers('i')).toEqual(['1', '2']);
    expect(sorted(await r.smembers('h'))).toEqual(['a', 'b']);
    expect(await encoding('i2')).toBe('intset');
    expect(await encoding('h2')).toBe('hashtable');
  });
});

describe('SPOP', () => {
  it('pops one member and deletes the emptied key', async () => {
    expect(await r.spop('no')).toBeNull();
    await r.sadd('s', 'a', 'b');
    const first = await r.spop('s');
    const second = await r.spop('s');
    expect(sorted([first as string, second as string])).toEqual(['a', 'b']);
    expect(await r.exists('s')).toBe(0);
  });

  it('checks the count before the key', async () => {
    expect(await err(r.spop('no', -1))).toBe('ERR value is out of range, must be positive');
    expect(await err(r.call('SPOP', 'no', 'x'))).toBe('ERR value is out of range, must be positive');
    expect(await err(r.call('SPOP', 'no', '1', '2'))).toBe(SYNTAX);
    expect(await r.spop('no', 3)).toEqual([]);
  });

  for (const [label, members] of [
    ['intset', range(0, 200)],
    ['hashtable', range(0, 200).map((i) => `m${i}`)],
  ] as const) {
    it(`pops distinct members with every strategy (${label})`, async () => {
      // 10 of 200: drawn one by one; 190 of 200: the survivors move to a new set; 200: everything.
      for (const count of [1, 10, 170, 190, 199]) {
        await r.del('s');
        await r.sadd('s', ...members);
        const popped = await r.spop('s', count);
        expect(popped.length).toBe(count);
        expect(new Set(popped).size).toBe(count);
        for (const m of popped) expect(members).toContain(m);
        const left = await r.smembers('s');
        expect(left.length).toBe(200 - count);
        expect(sorted([...left, ...popped])).toEqual(sorted([...members]));
      }
      await r.del('s');
      await r.sadd('s', ...members);
      const all = await r.spop('s', 1000);
      expect(sorted(all)).toEqual(sorted([...members]));
      expect(await r.exists('s')).toBe(0);
    });
  }

  it('returns a whole intset in order, and turns an all-integer hashtable into an intset when few survive', async () => {
    await r.sadd('s', '5', '1', '3');
    expect(await r.spop('s', 3)).toEqual(['1', '3', '5']);
    await r.sadd('h', ...range(0, 20), 'x');
    await r.srem('h', 'x');
    await r.spop('h', 18);
    expect(await r.scard('h')).toBe(2);
    expect(await encoding('h')).toBe('intset');
  });

  it('keeps the TTL when it rebuilds the set', async () => {
    await r.sadd('s', ...range(0, 20));
    await r.expire('s', 1000);
    await r.spop('s', 18);
    expect(await r.ttl('s')).toBeGreaterThan(990);
  });
});

describe('SRANDMEMBER', () => {
  it('answers a missing key with nil or an empty array', async () => {
    expect(await r.srandmember('no')).toBeNull();
    expect(await r.srandmember('no', 5)).toEqual([]);
    expect(await r.srandmember('no', -5)).toEqual([]);
  });

  it('checks the count before the key', async () => {
    expect(await err(r.call('SRANDMEMBER', 'no', 'x'))).toBe(NOT_INT);
    expect(await err(r.call('SRANDMEMBER', 'no', '-9223372036854775808'))).toBe(
      'ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807',
    );
    expect(await err(r.call('SRANDMEMBER', 'no', '1', '2'))).toBe(SYNTAX);
  });

  for (const [label, members] of [
    ['intset', range(0, 100)],
    ['hashtable', range(0, 100).map((i) => `m${i}`)],
  ] as const) {
    it(`returns distinct members for positive counts, repeats for negative ones (${label})`, async () => {
      await r.sadd('s', ...members);
      expect(members).toContain(await r.srandmember('s'));
      // 1: one draw; 10: distinct draws; 60: by elimination; 100+: the whole set.
      for (const count of [1, 10, 60, 99, 100, 150]) {
        const got = await r.srandmember('s', count);
        expect(got.length).toBe(Math.min(count, 100));
        expect(new Set(got).size).toBe(got.length);
        for (const m of got) expect(members).toContain(m);
      }
      const repeats = await r.srandmember('s', -500);
      expect(repeats.length).toBe(500);
      for (const m of repeats) expect(members).toContain(m);
      // With 500 draws among 100 members some repeat.
      expect(new Set(repeats).size).toBeLessThan(500);
      expect(await r.scard('s')).toBe(100);
    });
  }

  it('closes the client rather than build a reply no string can hold', async () => {
    await r.sadd('s', 'a');
    const c = await RawClient.connect(s.port);
    await expect(c.command(['SRANDMEMBER', 's', '-9223372036854775807'])).rejects.toThrow('connection closed');
    expect(await r.srandmember('s', -3)).toEqual(['a', 'a', 'a']);
  });

  it('returns a whole intset in ascending order', async () => {
    await r.sadd('s', '3', '1', '2');
    expect(await r.srandmember('s', 3)).toEqual(['1', '2', '3']);
    expect(await r.srandmember('s', 100)).toEqual(['1', '2', '3']);
  });
});

describe('SMOVE', () => {
  it('moves, creates the destination, deletes an emptied source', async () => {
    await r.sadd('a', '1', 'x');
    expect(await r.smove('a', 'b', '1')).toBe(1);
    expect(await encoding('b')).toBe('intset');
    expect(await r.smove('a', 'b', '1')).toBe(0);
    expect(await r.smove('a', 'b', 'x')).toBe(1);
    expect(await r.exists('a')).toBe(0);
    expect(await encoding('b')).toBe('hashtable');
    expect(sorted(await r.smembers('b'))).toEqual(['1', 'x']);
    expect(await r.smove('b', 'b', 'x')).toBe(1);
    expect(await r.smove('b', 'b', 'y')).toBe(0);
    expect(await r.smove('no', 'b', 'x')).toBe(0);
  });

  it('checks types, except when the source is missing', async () => {
    await r.set('str', 'v');
    await r.sadd('a', '1');
    expect(await r.smove('no', 'str', '1')).toBe(0);
    expect(await err(r.smove('a', 'str', '1'))).toBe(WRONGTYPE);
    expect(await err(r.smove('str', 'a', '1'))).toBe(WRONGTYPE);
    expect(await r.smembers('a')).toEqual(['1']);
  });
});

describe('SINTER / SINTERCARD / SINTERSTORE', () => {
  beforeEach(async () => {
    await r.sadd('a', '1', '2', '3', '4', '5', '6');
    await r.sadd('b', '4', '5', '6', '7');
    await r.sadd('c', '5', '6', 'x');
  });

  it('intersects, smallest set first', async () => {
    expect(await r.sinter('a', 'b')).toEqual(['4', '5', '6']);
    expect(sorted(await r.sinter('a', 'b', 'c'))).toEqual(['5', '6']);
    expect(await r.sinter('a', 'no')).toEqual([]);
    expect(await r.sinter('a', 'a')).toEqual(range(1, 7));
  });

  it('counts with SINTERCARD, up to LIMIT', async () => {
    expect(await r.sintercard(2, 'a', 'b')).toBe(3);
    expect(await r.call('SINTERCARD', '2', 'a', 'b', 'LIMIT', '2')).toBe(2);
    expect(await r.call('SINTERCARD', '2', 'a', 'b', 'LIMIT', '0')).toBe(3);
    expect(await r.call('SINTERCARD', '2', 'c', 'a', 'LIMIT', '1')).toBe(1);
    expect(await r.sintercard(2, 'a', 'no')).toBe(0);
    expect(await err(r.call('SINTERCARD', '0', 'a'))).toBe('ERR numkeys should be greater than 0');
    expect(await err(r.call('SINTERCARD', 'x', 'a'))).toBe('ERR numkeys should be greater than 0');
    expect(await err(r.call('SINTERCARD', '3', 'a', 'b'))).toBe("ERR Number of keys can't be greater than number of args");
    expect(await err(r.call('SINTERCARD', '1', 'a', 'LIMIT', '-1'))).toBe("ERR LIMIT can't be negative");
    expect(await err(r.call('SINTERCARD', '1', 'a', 'LIMIT'))).toBe(SYNTAX);
    expect(await r.call('COMMAND', 'GETKEYS', 'SINTERCARD', '2', 'a', 'b', 'LIMIT', '1')).toEqual(['a', 'b']);
  });

  it('stores the intersection, dropping the TTL, or deletes the destination', async () => {
    await r.sadd('d', 'old');
    await r.expire('d', 100);
    expect(await r.sinterstore('d', 'a', 'b')).toBe(3);
    expect(await r.smembers('d')).toEqual(['4', '5', '6']);
    expect(await r.ttl('d')).toBe(-1);
    expect(await r.sinterstore('d', 'a', 'no')).toBe(0);
    expect(await r.exists('d')).toBe(0);
    await r.set('d', 'string');
    expect(await r.sinterstore('d', 'b', 'c')).toBe(2);
    expect(await r.type('d')).toBe('set');
    // The destination may be a source.
    expect(await r.sinterstore('a', 'a', 'b')).toBe(3);
    expect(await r.smembers('a')).toEqual(['4', '5', '6']);
  });
});

describe('SUNION / SDIFF and STORE', () => {
  beforeEach(async () => {
    await r.sadd('a', '1', '2', '3', '4', '5');
    await r.sadd('b', '2', '4');
    await r.sadd('c', '5', 'x');
  });

  it('unites', async () => {
    expect(await r.sunion('b', 'a', 'no')).toEqual(['1', '2', '3', '4', '5']);
    expect(sorted(await r.sunion('a', 'c'))).toEqual(['1', '2', '3', '4', '5', 'x']);
    expect(await r.sunion('no')).toEqual([]);
    expect(await r.sunionstore('d', 'a', 'c')).toBe(6);
    expect(await r.sunionstore('d', 'no')).toBe(0);
    expect(await r.exists('d')).toBe(0);
  });

  it('subtracts with both algorithms', async () => {
    expect(await r.sdiff('a', 'b')).toEqual(['1', '3', '5']);
    expect(await r.sdiff('a', 'b', 'c')).toEqual(['1', '3']);
    expect(await r.sdiff('a', 'no')).toEqual(range(1, 6));
    expect(await r.sdiff('no', 'a')).toEqual([]);
    expect(await r.sdiff('a', 'b', 'a')).toEqual([]);
    // A large first set against small ones picks algorithm 2 (copy, then remove).
    await r.sadd('big', ...range(0, 100));
    expect(await r.sdiff('big', 'a', 'b')).toEqual(range(0, 100).filter((m) => !['1', '2', '3', '4', '5'].includes(m)));
    expect(await r.sdiff('b', 'big')).toEqual([]);
    expect(await r.sdiffstore('d', 'a', 'b', 'c')).toBe(2);
    expect(await r.smembers('d')).toEqual(['1', '3']);
    expect(await r.sdiffstore('d', 'b', 'a')).toBe(0);
    expect(await r.exists('d')).toBe(0);
  });
});

describe('SSCAN', () => {
  it('returns an intset in one call with cursor 0', async () => {
    await r.sadd('i', '3', '1', '2', '11');
    expect(await r.sscan('i', 0)).toEqual(['0', ['1', '2', '3', '11']]);
    expect(await r.sscan('i', 99, 'COUNT', 1)).toEqual(['0', ['1', '2', '3', '11']]);
    expect(await r.sscan('i', 0, 'MATCH', '1*')).toEqual(['0', ['1', '11']]);
  });

  it('walks a hashtable with a cursor, missing nothing that stays', async () => {
    const members = range(0, 500).map((i) => `m${i}`);
    await r.sadd('h', ...members);
    const seen = new Set<string>();
    let cursor = '0';
    let calls = 0;
    do {
      const [next, batch] = await r.sscan('h', cursor, 'COUNT', 20);
      for (const m of batch) seen.add(m);
      // Churn between calls: members come and go, the originals stay.
      await r.sadd('h', `new${calls}`);
      await r.srem('h', `new${calls - 1}`);
      cursor = next;
      calls++;
    } while (cursor !== '0');
    for (const m of members) expect(seen.has(m)).toBe(true);
    expect(calls).toBeGreaterThan(10);
    const [, matched] = await r.sscan('h', 0, 'MATCH', 'm1?', 'COUNT', 10000);
    expect(sorted(matched)).toEqual(range(10, 20).map((i) => `m${i}`));
  });

  it('parses the cursor before the lookup and the options after it', async () => {
    expect(await err(r.sscan('no', 'x'))).toBe('ERR invalid cursor');
    expect(await r.call('SSCAN', 'no', '0', 'COUNT', '0')).toEqual(['0', []]);
    await r.sadd('i', '1');
    expect(await err(r.call('SSCAN', 'i', '0', 'COUNT', '0'))).toBe(SYNTAX);
    expect(await err(r.call('SSCAN', 'i', '0', 'COUNT', 'x'))).toBe(NOT_INT);
    expect(await err(r.call('SSCAN', 'i', '0', 'TYPE', 'set'))).toBe(SYNTAX);
  });
});

describe('RESP3', () => {
  it('replies sets where Redis 7.0 does, arrays elsewhere', async () => {
    const c = await RawClient.connect(s.port);
    try {
      await c.command(['HELLO', '3']);
      await c.command(['SADD', 'a', '2', '1']);
      await c.command(['SADD', 'b', '2', '3']);
      const text = async (argv: string[]): Promise<string> => (await c.command(argv)).toString('latin1');
      expect(await text(['SMEMBERS', 'a'])).toBe('~2\r\n$1\r\n1\r\n$1\r\n2\r\n');
      expect(await text(['SMEMBERS', 'no'])).toBe('~0\r\n');
      expect(await text(['SINTER', 'a', 'b'])).toBe('~1\r\n$1\r\n2\r\n');
      expect(await text(['SUNION', 'a', 'b'])).toBe('~3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n');
      expect(await text(['SDIFF', 'a', 'b'])).toBe('~1\r\n$1\r\n1\r\n');
      expect(await text(['SRANDMEMBER', 'a', '5'])).toBe('*2\r\n$1\r\n1\r\n$1\r\n2\r\n');
      expect(await text(['SRANDMEMBER', 'no', '5'])).toBe('*0\r\n');
      expect(await text(['SRANDMEMBER', 'no'])).toBe('_\r\n');
      expect(await text(['SMISMEMBER', 'a', '1', '9'])).toBe('*2\r\n:1\r\n:0\r\n');
      expect(await text(['SPOP', 'no', '2'])).toBe('~0\r\n');
      expect(await text(['SPOP', 'a', '0'])).toBe('~0\r\n');
      expect(await text(['SPOP', 'a', '5'])).toBe('~2\r\n$1\r\n1\r\n$1\r\n2\r\n');
      expect(await text(['SPOP', 'no'])).toBe('_\r\n');
      expect(await text(['SSCAN', 'no', '0'])).toBe('*2\r\n$1\r\n0\r\n*0\r\n');
    } finally {
      await c.close();
    }
  });
});

describe('dirty, keyspace events, propagation, statistics', () => {
  it('SADD / SREM / SMOVE', async () => {
    const d0 = s.server.dirty;
    await r.sadd('s', 'a', 'b', 'a');
    await r.sadd('s', 'a'); // nothing added: no event, not propagated
    await r.srem('s', 'z');
    await r.smove('s', 't', 'a');
    await r.srem('s', 'b');
    expect(s.server.dirty - d0).toBe(2 + 2 + 1);
    expect(events).toEqual(['s sadd s', 's srem s', 's sadd t', 's srem s', 'g del s']);
    expect(propagated).toEqual([
      ['sadd', 's', 'a', 'b', 'a'],
      ['smove', 's', 't', 'a'],
      ['srem', 's', 'b'],
    ]);
  });

  it('SPOP is propagated as SREM, or DEL when it takes everything', async () => {
    await r.sadd('s', ...range(0, 10));
    propagated = [];
    events = [];
    const d0 = s.server.dirty;
    const one = await r.spop('s');
    expect(propagated).toEqual([['SREM', 's', one as string]]);
    propagated = [];
    const few = await r.spop('s', 2); // drawn one by one
    const many = await r.spop('s', 6); // survivors moved to a new set
    expect(propagated).toEqual([...few, ...many].map((m) => ['SREM', 's', m]));
    propagated = [];
    const rest = await r.spop('s', 5);
    expect(rest.length).toBe(1);
    expect(propagated).toEqual([['DEL', 's']]);
    expect(s.server.dirty - d0).toBe(1 + 2 + 6 + 1);
    expect(events).toEqual(['s spop s', 's spop s', 's spop s', 's spop s', 'g del s']);
    propagated = [];
    await r.spop('s', 0);
    await r.spop('s', 3);
    expect(propagated).toEqual([]);
  });

  it('STORE variants: events, dirty, deletion of the destination', async () => {
    await r.sadd('a', '1', '2');
    await r.sadd('b', '2', '3');
    events = [];
    const d0 = s.server.dirty;
    await r.sinterstore('d', 'a', 'b');
    await r.sunionstore('d', 'a', 'b');
    await r.sdiffstore('d', 'a', 'b');
    await r.sdiffstore('d', 'a', 'a');
    await r.sinterstore('d', 'a', 'no');
    await r.sunionstore('d', 'no');
    expect(events).toEqual(['s sinterstore d', 's sunionstore d', 's sdiffstore d', 'g del d']);
    expect(s.server.dirty - d0).toBe(4);
  });

  it('reads STORE sources with hit/miss statistics, as lookupKeyRead', async () => {
    await r.sadd('a', '1');
    await r.config('RESETSTAT');
    await r.sinterstore('d', 'a', 'a', 'no');
    await r.sunionstore('d', 'a', 'no');
    expect(await stat('keyspace_hits')).toBe(3);
    expect(await stat('keyspace_misses')).toBe(2);
    await r.config('RESETSTAT');
    await r.smove('a', 'x', '1');
    await r.sadd('x', '2');
    await r.spop('x', 1);
    expect(await stat('keyspace_hits')).toBe(0);
    expect(await stat('keyspace_misses')).toBe(0);
  });

  it('in-place changes invalidate WATCH', async () => {
    const other = new Redis(s.port);
    try {
      const cases: [string, () => Promise<unknown>][] = [
        ['SADD', () => other.sadd('w', 'new')],
        ['SREM', () => other.srem('w', 'a')],
        ['SPOP', () => other.spop('w')],
        ['SPOP count', () => other.spop('w', 2)],
        ['SMOVE', () => other.smove('w', 'elsewhere', 'a')],
        ['SINTERSTORE', () => other.sinterstore('w', 'w', 'w')],
      ];
      for (const [label, change] of cases) {
        await r.del('w');
        await r.sadd('w', 'a', 'b', 'c');
        await r.watch('w');
        await change();
        const result = await r.multi().scard('w').exec();
        expect(result, label).toBeNull();
      }
    } finally {
      await other.quit();
    }
  });
});

describe('large sets (bounded correctness, not timing)', () => {
  async function fill(key: string, members: string[]): Promise<void> {
    for (let i = 0; i < members.length; i += 5000) await r.sadd(key, ...members.slice(i, i + 5000));
  }

  it('SINTER and friends over two 100 000-member hashtables', { timeout: 60000 }, async () => {
    const a = Array.from({ length: 100000 }, (_, i) => `member:${i}`);
    const b = Array.from({ length: 100000 }, (_, i) => `member:${i + 50000}`);
    await fill('A', a);
    await fill('B', b);
    expect(await r.scard('A')).toBe(100000);
    expect((await r.sinter('A', 'B')).length).toBe(50000);
    expect(await r.sintercard(2, 'A', 'B')).toBe(50000);
    expect(await r.call('SINTERCARD', '2', 'A', 'B', 'LIMIT', '10')).toBe(10);
    expect(await r.sinterstore('I', 'A', 'B')).toBe(50000);
    expect(await r.sunionstore('U', 'A', 'B')).toBe(150000);
    expect(await r.sdiffstore('D', 'A', 'B')).toBe(50000);
    expect(await r.sismember('D', 'member:0')).toBe(1);
    expect(await r.sismember('D', 'member:50000')).toBe(0);
    const popped = await r.spop('U', 149990);
    expect(popped.length).toBe(149990);
    expect(await r.scard('U')).toBe(10);
  });

  it('SINTER over two 100 000-member intsets', { timeout: 60000 }, async () => {
    await r.config('SET', 'set-max-intset-entries', '200000');
    await fill('A', range(0, 100000));
    await fill('B', range(50000, 150000));
    expect(await encoding('A')).toBe('intset');
    const inter = await r.sinter('A', 'B');
    expect(inter.length).toBe(50000);
    expect(inter[0]).toBe('50000');
    expect(inter[49999]).toBe('99999');
    expect(await r.sunionstore('U', 'A', 'B')).toBe(150000);
    expect(await encoding('U')).toBe('intset');
  });
});

/* ---------- byte-for-byte against a real redis-server ---------- */

/** mulberry32: a small seeded PRNG, so a failing sequence can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe.runIf(shouldRunWith('redis-server'))('sets: raw replies identical to redis-server', () => {
  let redis: RedisProcess | undefined;
  let t: TredisServer | undefined;

  beforeAll(async () => {
    assertTool('redis-server');
    redis = await startRedisServer();
    t = await startServer({ port: 0, bind: '127.0.0.1' });
  });

  afterAll(async () => {
    await t?.close();
    await redis?.stop();
  });

  const KEYS = ['a', 'b', 'c', 'd', 'e', 'str', 'no'];
  const MEMBERS = [
    ...range(-3, 12),
    '32767',
    '32768',
    '-2147483649',
    '9007199254740993',
    '9223372036854775807',
    '-9223372036854775808',
    '01',
    '-0',
    'x',
    'y',
    'z',
    '',
    '\x00',
    '\xff',
  ];

  /** One random command, and whether its reply may come in hash order. */
  function nextCommand(rand: () => number): string[] {
    const pick = <T>(a: readonly T[]): T => a[Math.floor(rand() * a.length)];
    const k = (): string => pick(KEYS);
    const m = (): string => pick(MEMBERS);
    const some = (f: () => string, max: number): string[] => Array.from({ length: 1 + Math.floor(rand() * max) }, f);
    switch (Math.floor(rand() * 24)) {
      case 0:
      case 1:
      case 2:
        return ['SADD', k(), ...some(m, 6)];
      case 3:
        return ['SREM', k(), ...some(m, 4)];
      case 4:
        return ['SISMEMBER', k(), m()];
      case 5:
        return ['SMISMEMBER', k(), ...some(m, 4)];
      case 6:
        return ['SCARD', k()];
      case 7:
        return ['SMEMBERS', k()];
      case 8:
        return ['SMOVE', k(), k(), m()];
      case 9:
        return ['SINTER', ...some(k, 3)];
      case 10:
        return ['SINTERCARD', '2', k(), k(), ...(rand() < 0.5 ? ['LIMIT', String(Math.floor(rand() * 4))] : [])];
      case 11:
        return ['SINTERSTORE', k(), ...some(k, 3)];
      case 12:
        return ['SUNION', ...some(k, 3)];
      case 13:
        return ['SUNIONSTORE', k(), ...some(k, 3)];
      case 14:
        return ['SDIFF', ...some(k, 3)];
      case 15:
        return ['SDIFFSTORE', k(), ...some(k, 3)];
      case 16:
        return ['OBJECT', 'ENCODING', k()];
      case 17:
        return ['SPOP', k(), '1000'];
      case 18:
        return ['SRANDMEMBER', k(), '1000'];
      case 19:
        return ['SSCAN', k(), '0', 'COUNT', '1000', ...(rand() < 0.3 ? ['MATCH', '*1*'] : [])];
      case 20:
        return ['CONFIG', 'SET', 'set-max-intset-entries', pick(['3', '8', '512'])];
      case 21:
        return ['SET', 'str', 'v'];
      case 22:
        return ['DEL', k()];
      default:
        return ['SADD', k(), ...some(() => String(Math.floor(rand() * 40)), 10)];
    }
  }

  /**
   * Whether a reply may legitimately differ from Redis's in order only: a
   * hashtable walked in hash order. Intset walks, and results rebuilt from
   * an intset while all their members are integers, must match exactly.
   */
  function orderFree(argv: string[], tredisReply: Buffer, max: number): boolean {
    const cmd = argv[0];
    const db = (t as TredisServer).server.dbs[0];
    const isIntset = (key: string): boolean => {
      const v = db.peek(key);
      return v instanceof SetValue && v.isIntset;
    };
    if (cmd === 'SINTER') return true;
    if (cmd === 'SMEMBERS' || cmd === 'SRANDMEMBER' || cmd === 'SSCAN') return !isIntset(argv[1]);
    if (cmd === 'SDIFF') {
      // Algorithm 2 copies the whole first set before removing: the result
      // stays an intset only if that copy did.
      const first = db.peek(argv[1]);
      if (first instanceof SetValue && !(first.isIntset && first.size <= max)) return true;
    }
    if (cmd === 'SUNION' || cmd === 'SDIFF' || cmd === 'SPOP') {
      const items = tredisReply
        .toString('latin1')
        .split('\r\n')
        .filter((_, i) => i > 0 && i % 2 === 0);
      return !(items.every((x) => isCanonicalInt64(x)) && items.length <= max);
    }
    return false;
  }

  for (const seed of (process.env.SETS_SEEDS ?? '1,2,3').split(',').map(Number)) {
    it(`seeded random sequence ${seed} (RESP2 and RESP3)`, { timeout: 60000 }, async () => {
      if (!redis || !t) throw new Error('servers not started');
      const diffs: string[] = [];
      for (const proto of [2, 3]) {
        const rand = prng(seed * 1000 + proto);
        const a = await RawClient.connect(redis.port);
        const b = await RawClient.connect(t.port);
        try {
          if (proto === 3) await Promise.all([a.command(['HELLO', '3']), b.command(['HELLO', '3'])]);
          await a.command(['FLUSHALL']);
          await a.command(['CONFIG', 'SET', 'set-max-intset-entries', '512']);
          for (const db of t.server.dbs) db.clear();
          t.server.config.setMany([['set-max-intset-entries', '512']]);
          let max = 512;
          for (let step = 0; step < Number(process.env.SETS_STEPS ?? 1500) && diffs.length < 10; step++) {
            const argv = nextCommand(rand);
            // Decide before the command runs: SPOP empties the key.
            const pre = ['SMEMBERS', 'SRANDMEMBER', 'SSCAN', 'SDIFF'].includes(argv[0]) && orderFree(argv, Buffer.alloc(0), max) ? true : null;
            const [x, y] = await Promise.all([a.command(argv), b.command(argv)]);
            const free = pre ?? orderFree(argv, y, max);
            if (!repliesMatch(x, y, new Set(free ? (['sort'] as const) : []))) {
              diffs.push(`seed ${seed} RESP${proto} step ${step} ${escapeBytes(argv.join(' '))}: redis "${escapeBytes(x)}" tredis "${escapeBytes(y)}"`);
            }
            if (argv[0] === 'CONFIG') max = Number(argv[3]);
            // Every few steps, check the whole state: a silent divergence shows at once.
            if (step % 25 === 0) {
              for (const key of KEYS) {
                const [p, q] = await Promise.all([a.command(['SMEMBERS', key]), b.command(['SMEMBERS', key])]);
                if (!repliesMatch(p, q, new Set(['sort'] as const))) {
                  diffs.push(`seed ${seed} RESP${proto} after step ${step}, key ${key} holds: redis "${escapeBytes(p)}" tredis "${escapeBytes(q)}"`);
                }
              }
            }
          }
        } finally {
          await Promise.all([a.close(), b.close()]);
        }
      }
      expect(diffs).toEqual([]);
    });
  }
});
