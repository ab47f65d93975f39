/**
 * The hash family over the wire (ioredis against an in-process tredis):
 * each command's normal cases and errors, listpack/hashtable encodings and
 * their conversions under CONFIG SET thresholds, RESP3 reply shapes,
 * HRANDFIELD's count/uniqueness/shape rules in each of Redis's strategies,
 * HSCAN iteration, the generic key commands on hashes, server.dirty,
 * keyspace events and propagation. The last suite compares raw replies
 * with a real redis-server (skipped without one), sorting the replies whose
 * order Redis leaves to its hash table.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Redis } from 'ioredis';
import { startServer, type TredisServer } from '../../server/index.js';
import { assertTool, shouldRunWith, startRedisServer, type RedisProcess } from '../helpers/redis-server.js';
import { RawClient, escapeBytes, parseReply, type ReplyNode } from '../helpers/resp.js';

const MAX = '9223372036854775807';
const MIN = '-9223372036854775808';
const NOT_INT = 'ERR value is not an integer or out of range';
const WRONGTYPE = 'WRONGTYPE Operation against a key holding the wrong kind of value';
const SYNTAX = 'ERR syntax error';

let s: TredisServer;
let r: Redis;
/** What the after-write hook propagated, in order. */
let propagated: string[][];
/** Keyspace events fired: "type event key". */
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
  s.server.config.setMany([
    ['hash-max-listpack-entries', '128'],
    ['hash-max-listpack-value', '64'],
  ]);
  propagated = [];
  events = [];
});

/** The error message a command fails with (or "no error"). */
function err(p: Promise<unknown>): Promise<string> {
  return p.then(
    () => 'no error',
    (e: Error) => e.message,
  );
}

const encoding = (key: string): Promise<unknown> => r.call('OBJECT', 'ENCODING', key);

/** A raw connection to tredis speaking RESP3. */
async function resp3(): Promise<RawClient> {
  const c = await RawClient.connect(s.port);
  await c.command(['HELLO', '3']);
  return c;
}

describe('HSET / HMSET / HSETNX / HGET / HMGET', () => {
  it('sets, overwrites and counts new fields', async () => {
    expect(await r.hset('h', 'a', '1', 'b', '2')).toBe(2);
    expect(await r.hset('h', 'a', 'x', 'c', '3')).toBe(1);
    expect(await r.hset('h', 'a', 'y', 'a', 'z')).toBe(0);
    expect(await r.hget('h', 'a')).toBe('z');
    expect(await r.hget('h', 'nope')).toBeNull();
    expect(await r.hget('missing', 'a')).toBeNull();
    expect(await r.hmget('h', 'a', 'nope', 'c')).toEqual(['z', null, '3']);
    expect(await r.hmget('missing', 'a', 'b')).toEqual([null, null]);
    expect(await r.call('HMSET', 'h', 'd', '4', 'e', '5')).toBe('OK');
    expect(await r.hlen('h')).toBe(5);
  });

  it('rejects an odd field/value list before touching the key', async () => {
    await r.set('s', 'v');
    expect(await err(r.call('HSET', 's', 'a', '1', 'b'))).toBe("ERR wrong number of arguments for 'hset' command");
    expect(await err(r.call('HMSET', 'h', 'a', '1', 'b'))).toBe("ERR wrong number of arguments for 'hmset' command");
    expect(await err(r.call('HSET', 'h', 'a'))).toBe("ERR wrong number of arguments for 'hset' command");
    expect(await r.exists('h')).toBe(0);
  });

  it('HSETNX only adds', async () => {
    expect(await r.hsetnx('h', 'a', '1')).toBe(1);
    expect(await r.hsetnx('h', 'a', '2')).toBe(0);
    expect(await r.hget('h', 'a')).toBe('1');
  });

  it('keeps any bytes in fields and values, including the empty string', async () => {
    const all = String.fromCharCode(...Array.from({ length: 256 }, (_, i) => i));
    const field = Buffer.from(all, 'latin1');
    await r.hset('h', field, field, '', '');
    expect((await r.hgetBuffer('h', field))?.equals(field)).toBe(true);
    expect(await r.hget('h', '')).toBe('');
    expect(await r.hstrlen('h', field as unknown as string)).toBe(256);
    expect(await r.hexists('h', '')).toBe(1);
  });

  it('answers WRONGTYPE on other types', async () => {
    await r.set('s', 'v');
    for (const args of [
      ['HSET', 's', 'a', '1'],
      ['HSETNX', 's', 'a', '1'],
      ['HGET', 's', 'a'],
      ['HMGET', 's', 'a'],
      ['HDEL', 's', 'a'],
      ['HLEN', 's'],
      ['HSTRLEN', 's', 'a'],
      ['HEXISTS', 's', 'a'],
      ['HKEYS', 's'],
      ['HVALS', 's'],
      ['HGETALL', 's'],
      ['HINCRBY', 's', 'a', '1'],
      ['HINCRBYFLOAT', 's', 'a', '1'],
      ['HRANDFIELD', 's'],
      ['HRANDFIELD', 's', '0'],
      ['HSCAN', 's', '0'],
    ]) {
      expect(await err(r.call(args[0], ...args.slice(1))), args.join(' ')).toBe(WRONGTYPE);
    }
  });
});

describe('HDEL / HLEN / HSTRLEN / HEXISTS / HKEYS / HVALS / HGETALL', () => {
  it('deletes fields and the key with the last one', async () => {
    await r.hset('h', 'a', '1', 'b', '2', 'c', '3');
    expect(await r.hdel('h', 'a', 'a', 'zz')).toBe(1);
    expect(await r.hdel('missing', 'a')).toBe(0);
    expect(await r.hdel('h', 'b', 'c', 'b')).toBe(2);
    expect(await r.exists('h')).toBe(0);
  });

  it('reads lengths and membership', async () => {
    await r.hset('h', 'a', 'hello', 'n', '-12345');
    expect(await r.hlen('h')).toBe(2);
    expect(await r.hlen('missing')).toBe(0);
    expect(await r.hstrlen('h', 'a')).toBe(5);
    expect(await r.hstrlen('h', 'n')).toBe(6);
    expect(await r.hstrlen('h', 'zz')).toBe(0);
    expect(await r.hstrlen('missing', 'a')).toBe(0);
    expect(await r.hexists('h', 'a')).toBe(1);
    expect(await r.hexists('h', 'zz')).toBe(0);
    expect(await r.hexists('missing', 'a')).toBe(0);
  });

  it('lists a listpack in insertion order', async () => {
    await r.hset('h', 'z', '1', 'a', '2', 'm', '3');
    await r.hset('h', 'a', 'x');
    await r.hdel('h', 'z');
    await r.hset('h', 'z', '9');
    expect(await r.hkeys('h')).toEqual(['a', 'm', 'z']);
    expect(await r.hvals('h')).toEqual(['x', '3', '9']);
    expect(await r.call('HGETALL', 'h')).toEqual(['a', 'x', 'm', '3', 'z', '9']);
    expect(await r.hkeys('missing')).toEqual([]);
    expect(await r.hvals('missing')).toEqual([]);
    expect(await r.call('HGETALL', 'missing')).toEqual([]);
  });

  it('HGETALL is a map in RESP3, HKEYS/HVALS arrays; empty replies keep their type', async () => {
    await r.hset('h', 'a', '1');
    const c = await resp3();
    try {
      expect((await c.command(['HGETALL', 'h'])).toString()).toBe('%1\r\n$1\r\na\r\n$1\r\n1\r\n');
      expect((await c.command(['HGETALL', 'missing'])).toString()).toBe('%0\r\n');
      expect((await c.command(['HKEYS', 'missing'])).toString()).toBe('*0\r\n');
      expect((await c.command(['HVALS', 'h'])).toString()).toBe('*1\r\n$1\r\n1\r\n');
      expect((await c.command(['HGET', 'h', 'zz'])).toString()).toBe('_\r\n');
      expect((await c.command(['HMGET', 'h', 'zz', 'a'])).toString()).toBe('*2\r\n_\r\n$1\r\n1\r\n');
    } finally {
      await c.close();
    }
  });
});

describe('HINCRBY / HINCRBYFLOAT', () => {
  it('HINCRBY adds within int64 and refuses overflow and non-integers', async () => {
    expect(await r.hincrby('h', 'n', 5)).toBe(5);
    expect(await r.hincrby('h', 'n', -7)).toBe(-2);
    await r.hset('h', 'max', MAX, 'min', MIN, 's', 'abc', 'sp', ' 1', 'big', '9223372036854775808');
    expect(await err(r.hincrby('h', 'max', 1))).toBe('ERR increment or decrement would overflow');
    expect(await err(r.hincrby('h', 'min', -1))).toBe('ERR increment or decrement would overflow');
    expect(await r.call('HINCRBY', 'h', 'max', MIN)).toBe(-1);
    await r.hincrby('h', 'min', 0);
    expect(await r.hget('h', 'min')).toBe(MIN);
    for (const f of ['s', 'sp', 'big']) expect(await err(r.hincrby('h', f, 1))).toBe('ERR hash value is not an integer');
    expect(await err(r.call('HINCRBY', 'h', 'n', '1.5'))).toBe(NOT_INT);
    expect(await err(r.call('HINCRBY', 'h', 'n', '9223372036854775808'))).toBe(NOT_INT);
    expect(await r.call('HINCRBY', 'fresh', 'f', MAX)).toBe(Number(MAX));
    expect(await r.hget('fresh', 'f')).toBe(MAX);
  });

  it('HINCRBYFLOAT checks the increment first, then the type, then the value', async () => {
    await r.set('s', 'v');
    expect(await err(r.call('HINCRBYFLOAT', 's', 'f', 'abc'))).toBe('ERR value is not a valid float');
    expect(await err(r.call('HINCRBYFLOAT', 's', 'f', 'inf'))).toBe('ERR value is NaN or Infinity');
    expect(await err(r.call('HINCRBYFLOAT', 's', 'f', '1'))).toBe(WRONGTYPE);
    await r.hset('h', 'x', 'abc', 'big', '1e4932');
    expect(await err(r.call('HINCRBYFLOAT', 'h', 'x', '1'))).toBe('ERR hash value is not a float');
    expect(await err(r.call('HINCRBYFLOAT', 'h', 'big', '1e4932'))).toBe('ERR increment would produce NaN or Infinity');
    expect(await r.call('HINCRBYFLOAT', 'h', 'f', '10.5')).toBe('10.5');
    expect(await r.call('HINCRBYFLOAT', 'h', 'f', '0.1')).toBe('10.6');
    expect(await r.call('HINCRBYFLOAT', 'h', 'f', '-5.6')).toBe('5');
    expect(await r.call('HINCRBYFLOAT', 'h', 'i', '5.0e3')).toBe('5000');
  });

  it('HINCRBYFLOAT is propagated as HSET with the result', async () => {
    await r.call('HINCRBYFLOAT', 'h', 'f', '1.5');
    await err(r.call('HINCRBYFLOAT', 'h', 'f', 'x'));
    await r.hincrby('h', 'n', 2);
    expect(propagated).toEqual([
      ['HSET', 'h', 'f', '1.5'],
      ['hincrby', 'h', 'n', '2'],
    ]);
  });
});

describe('encodings and conversions', () => {
  it('a listpack converts past hash-max-listpack-entries, and never back', async () => {
    await r.config('SET', 'hash-max-listpack-entries', '4');
    await r.hset('h', 'a', '1', 'b', '2', 'c', '3', 'd', '4');
    expect(await encoding('h')).toBe('listpack');
    await r.hset('h', 'e', '5');
    expect(await encoding('h')).toBe('hashtable');
    await r.hdel('h', 'a', 'b', 'c', 'd');
    expect(await encoding('h')).toBe('hashtable');
    expect(await r.call('HGETALL', 'h')).toEqual(['e', '5']);
  });

  it('a long field or value converts before it is written (HSET, HSETNX, HINCRBY*)', async () => {
    await r.config('SET', 'hash-max-listpack-value', '3');
    await r.hset('a', 'abc', '123');
    expect(await encoding('a')).toBe('listpack');
    await r.hset('a', 'abc', '1234');
    expect(await encoding('a')).toBe('hashtable');
    await r.hsetnx('b', 'f', 'v');
    await r.hsetnx('b', 'f', 'long value'); // exists: nothing written, nothing converted
    expect(await encoding('b')).toBe('listpack');
    await r.hsetnx('b', 'long field', 'v');
    expect(await encoding('b')).toBe('hashtable');
    await r.hset('c', 'n', '999');
    await r.hincrby('c', 'n', 1); // "1000" is 4 bytes
    expect(await encoding('c')).toBe('hashtable');
    await r.hset('d', 'n', '1');
    await r.call('HINCRBYFLOAT', 'd', 'n', '0.5'); // "1.5"
    expect(await encoding('d')).toBe('listpack');
    await r.call('HINCRBYFLOAT', 'd', 'n', '0.25'); // "1.75"
    expect(await encoding('d')).toBe('hashtable');
    await r.hincrby('e', 'long field', 1);
    expect(await encoding('e')).toBe('hashtable');
  });

  it('the old ziplist names are aliases, and 0 entries means hashtable at once', async () => {
    await r.config('SET', 'hash-max-ziplist-entries', '0');
    expect(await r.config('GET', 'hash-max-listpack-entries')).toEqual(['hash-max-listpack-entries', '0']);
    await r.hset('h', 'a', '1');
    expect(await encoding('h')).toBe('hashtable');
  });

  it('an HSET with many pairs converts midway and keeps every pair', async () => {
    const args: string[] = [];
    for (let i = 0; i < 300; i++) args.push(`f${i}`, `v${i}`);
    expect(await r.hset('h', ...args)).toBe(300);
    expect(await encoding('h')).toBe('hashtable');
    expect(await r.hlen('h')).toBe(300);
    expect(await r.hget('h', 'f299')).toBe('v299');
    const all = (await r.call('HGETALL', 'h')) as string[];
    const pairs = new Map<string, string>();
    for (let i = 0; i < all.length; i += 2) pairs.set(all[i], all[i + 1]);
    expect(pairs.size).toBe(300);
    for (let i = 0; i < 300; i++) expect(pairs.get(`f${i}`)).toBe(`v${i}`);
  });

  it('MEMORY USAGE of a listpack hash is what Redis reports', async () => {
    await r.hset('h', 'f', '1');
    expect(await r.call('MEMORY', 'USAGE', 'h')).toBe(64);
  });
});

describe('generic key commands on hashes', () => {
  it('TYPE, OBJECT ENCODING, DEL, EXISTS', async () => {
    await r.hset('h', 'a', '1');
    expect(await r.type('h')).toBe('hash');
    expect(await encoding('h')).toBe('listpack');
    expect(await r.del('h')).toBe(1);
    expect(await r.type('h')).toBe('none');
  });

  it('COPY clones (both encodings), independent of the source', async () => {
    await r.hset('lp', 'a', '1', 'b', '2');
    await r.config('SET', 'hash-max-listpack-entries', '1');
    await r.hset('ht', 'a', '1', 'b', '2');
    expect(await r.call('COPY', 'lp', 'lp2')).toBe(1);
    expect(await r.call('COPY', 'ht', 'ht2', 'DB', '1')).toBe(1);
    await r.hset('lp', 'a', 'changed');
    await r.hdel('ht', 'a');
    expect(await r.call('HGETALL', 'lp2')).toEqual(['a', '1', 'b', '2']);
    expect(await encoding('lp2')).toBe('listpack');
    await r.select(1);
    expect(await encoding('ht2')).toBe('hashtable');
    expect(((await r.call('HGETALL', 'ht2')) as string[]).length).toBe(4);
    await r.select(0);
  });

  it('RENAME, MOVE and SCAN TYPE hash', async () => {
    await r.hset('h', 'a', '1');
    await r.set('s', 'v');
    expect(await r.rename('h', 'h2')).toBe('OK');
    expect(await r.hget('h2', 'a')).toBe('1');
    const [, keys] = await r.scan(0, 'TYPE', 'hash');
    expect(keys).toEqual(['h2']);
    expect(await r.move('h2', 1)).toBe(1);
    await r.select(1);
    expect(await r.hget('h2', 'a')).toBe('1');
    await r.select(0);
    expect(await r.exists('h2')).toBe(0);
  });
});

/** The reply's elements as text (top level only). */
function items(node: ReplyNode): string[] {
  return node.children.map((c) => c.raw.toString('latin1'));
}

/**
 * HRANDFIELD's reply as a flat list: ioredis turns a WITHVALUES reply into
 * [field, value] pairs on its own, whatever the protocol.
 */
async function hrandfield(...args: string[]): Promise<string[]> {
  const reply = (await r.call('HRANDFIELD', ...args)) as (string | string[])[];
  return reply.flat();
}

describe('HRANDFIELD', () => {
  const bulk = (s: string): string => `$${s.length}\r\n${s}\r\n`;

  async function fill(key: string, n: number, hashtable: boolean): Promise<Map<string, string>> {
    await r.config('SET', 'hash-max-listpack-entries', hashtable ? '0' : '1000');
    const m = new Map<string, string>();
    const args: string[] = [];
    for (let i = 0; i < n; i++) {
      args.push(`f${i}`, `v${i}`);
      m.set(`f${i}`, `v${i}`);
    }
    await r.hset(key, ...args);
    expect(await encoding(key)).toBe(hashtable ? 'hashtable' : 'listpack');
    return m;
  }

  it('argument errors and missing keys', async () => {
    expect(await r.call('HRANDFIELD', 'missing')).toBeNull();
    expect(await r.call('HRANDFIELD', 'missing', '5')).toEqual([]);
    expect(await r.call('HRANDFIELD', 'missing', '-5', 'WITHVALUES')).toEqual([]);
    expect(await err(r.call('HRANDFIELD', 'h', 'x'))).toBe(NOT_INT);
    expect(await err(r.call('HRANDFIELD', 'h', MIN))).toBe(
      'ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807',
    );
    expect(await err(r.call('HRANDFIELD', 'h', '1', 'WITHVALUE'))).toBe(SYNTAX);
    expect(await err(r.call('HRANDFIELD', 'h', '1', 'WITHVALUES', 'x'))).toBe(SYNTAX);
    expect(await err(r.call('HRANDFIELD', 'h', '4611686018427387904', 'WITHVALUES'))).toBe('ERR value is out of range');
    expect(await err(r.call('HRANDFIELD', 'h', '-4611686018427387904', 'withvalues'))).toBe('ERR value is out of range');
    expect(await r.call('HRANDFIELD', 'h', '4611686018427387903', 'WITHVALUES')).toEqual([]);
    await r.set('s', 'v');
    expect(await err(r.call('HRANDFIELD', 's', 'x'))).toBe(NOT_INT); // the count is parsed first
  });

  for (const hashtable of [false, true]) {
    const enc = hashtable ? 'hashtable' : 'listpack';

    it(`${enc}: no count, count 0, count 1`, async () => {
      const m = await fill('h', 20, hashtable);
      for (let i = 0; i < 20; i++) expect(m.has((await r.call('HRANDFIELD', 'h')) as string)).toBe(true);
      expect(await r.call('HRANDFIELD', 'h', '0')).toEqual([]);
      expect(await r.call('HRANDFIELD', 'h', '0', 'WITHVALUES')).toEqual([]);
      const [f, v] = await hrandfield('h', '1', 'WITHVALUES');
      expect(m.get(f)).toBe(v);
    });

    it(`${enc}: a negative count returns exactly that many, repeats allowed`, async () => {
      const m = await fill('h', 5, hashtable);
      const got = await hrandfield('h', '-100');
      expect(got.length).toBe(100);
      for (const f of got) expect(m.has(f)).toBe(true);
      expect(new Set(got).size).toBeLessThanOrEqual(5);
      const pairs = await hrandfield('h', '-30', 'WITHVALUES');
      expect(pairs.length).toBe(60);
      for (let i = 0; i < 60; i += 2) expect(m.get(pairs[i])).toBe(pairs[i + 1]);
    });

    // Sizes that reach each strategy: count >= size, count*3 > size, count*3 <= size.
    for (const [size, count] of [
      [10, 10],
      [10, 50],
      [30, 11],
      [30, 29],
      [100, 3],
      [300, 100],
    ]) {
      it(`${enc}: a positive count gives min(count, size) distinct fields (size ${size}, count ${count})`, async () => {
        const m = await fill('h', size, hashtable);
        const got = await hrandfield('h', String(count));
        expect(got.length).toBe(Math.min(size, count));
        expect(new Set(got).size).toBe(got.length);
        for (const f of got) expect(m.has(f)).toBe(true);
        const pairs = await hrandfield('h', String(count), 'WITHVALUES');
        expect(pairs.length).toBe(2 * Math.min(size, count));
        const fields = new Set<string>();
        for (let i = 0; i < pairs.length; i += 2) {
          expect(m.get(pairs[i])).toBe(pairs[i + 1]);
          fields.add(pairs[i]);
        }
        expect(fields.size).toBe(pairs.length / 2);
      });
    }

    it(`${enc}: RESP3 WITHVALUES replies are arrays of [field, value] pairs`, async () => {
      const m = await fill('h', 12, hashtable);
      const c = await resp3();
      try {
        for (const count of ['1', '-7', '5', '11', '100']) {
          const node = parseReply(await c.command(['HRANDFIELD', 'h', count, 'WITHVALUES']));
          const n = Math.abs(Number(count));
          expect(node.type).toBe('*');
          expect(node.children.length).toBe(count.startsWith('-') ? n : Math.min(n, 12));
          for (const pair of node.children) {
            expect(pair.type).toBe('*');
            const [f, v] = items(pair);
            expect(f).toMatch(/^\$\d+\r\nf\d+\r\n$/);
            const field = f.split('\r\n')[1];
            expect(v).toBe(bulk(m.get(field) as string));
          }
        }
        const plain = parseReply(await c.command(['HRANDFIELD', 'h', '3']));
        expect(plain.children.every((ch) => ch.type === '$')).toBe(true);
        expect((await c.command(['HRANDFIELD', 'missing'])).toString()).toBe('_\r\n');
      } finally {
        await c.close();
      }
    });
  }

  it('listpack: a count at least the size returns the whole hash in order', async () => {
    await r.hset('h', 'c', '1', 'a', '2', 'b', '3');
    expect(await hrandfield('h', '3', 'WITHVALUES')).toEqual(['c', '1', 'a', '2', 'b', '3']);
    expect(await r.call('HRANDFIELD', 'h', '10')).toEqual(['c', 'a', 'b']);
  });

  it('picks every field eventually (no field is unreachable)', async () => {
    for (const hashtable of [false, true]) {
      await r.del('h');
      const m = await fill('h', 8, hashtable);
      const seen = new Set(await hrandfield('h', '-400'));
      expect(seen.size).toBe(m.size);
    }
  });
});

describe('HSCAN', () => {
  it('a listpack comes whole, cursor 0, filtered by MATCH', async () => {
    await r.hset('h', 'a1', 'x', 'b1', 'y', 'a2', 'z');
    expect(await r.hscan('h', '0')).toEqual(['0', ['a1', 'x', 'b1', 'y', 'a2', 'z']]);
    expect(await r.hscan('h', '12345', 'COUNT', '1')).toEqual(['0', ['a1', 'x', 'b1', 'y', 'a2', 'z']]);
    expect(await r.hscan('h', '0', 'MATCH', 'a*')).toEqual(['0', ['a1', 'x', 'a2', 'z']]);
    expect(await r.hscan('h', '0', 'MATCH', 'x*')).toEqual(['0', []]);
    expect(await r.hscan('missing', '0')).toEqual(['0', []]);
  });

  it('errors: cursor before the lookup, options after it', async () => {
    await r.hset('h', 'a', '1');
    await r.set('s', 'v');
    expect(await err(r.call('HSCAN', 'h', 'x'))).toBe('ERR invalid cursor');
    expect(await err(r.call('HSCAN', 's', 'x'))).toBe('ERR invalid cursor');
    expect(await err(r.call('HSCAN', 'h', ' 1'))).toBe('ERR invalid cursor');
    expect(await err(r.call('HSCAN', 'h', '18446744073709551616'))).toBe('ERR invalid cursor');
    expect(await r.call('HSCAN', 'h', '-1')).toEqual(['0', ['a', '1']]);
    expect(await err(r.call('HSCAN', 's', '0', 'COUNT', '0'))).toBe(WRONGTYPE);
    expect(await r.call('HSCAN', 'missing', '0', 'COUNT', '0')).toEqual(['0', []]);
    expect(await err(r.call('HSCAN', 'h', '0', 'COUNT', '0'))).toBe(SYNTAX);
    expect(await err(r.call('HSCAN', 'h', '0', 'COUNT', 'x'))).toBe(NOT_INT);
    expect(await err(r.call('HSCAN', 'h', '0', 'MATCH'))).toBe(SYNTAX);
    expect(await err(r.call('HSCAN', 'h', '0', 'TYPE', 'string'))).toBe(SYNTAX);
    expect(await r.call('HSCAN', 'h', '0', 'count\0x', '5', 'MATCH', '*')).toEqual(['0', ['a', '1']]);
  });

  it('a hashtable is walked with a cursor that returns every field once', async () => {
    const args: string[] = [];
    for (let i = 0; i < 1000; i++) args.push(`f${i}`, `v${i}`);
    await r.hset('h', ...args);
    expect(await encoding('h')).toBe('hashtable');
    const seen = new Map<string, string>();
    let cursor = '0';
    let calls = 0;
    do {
      const [next, kv] = await r.hscan('h', cursor, 'COUNT', '50');
      for (let i = 0; i < kv.length; i += 2) {
        expect(seen.has(kv[i])).toBe(false);
        seen.set(kv[i], kv[i + 1]);
      }
      cursor = next;
      calls++;
    } while (cursor !== '0');
    expect(seen.size).toBe(1000);
    expect(calls).toBeGreaterThan(10);
    for (let i = 0; i < 1000; i++) expect(seen.get(`f${i}`)).toBe(`v${i}`);
  });

  it('fields present for the whole walk are returned even while others change', async () => {
    const args: string[] = [];
    for (let i = 0; i < 500; i++) args.push(`keep${i}`, 'v');
    await r.hset('h', ...args);
    const seen = new Set<string>();
    let cursor = '0';
    let step = 0;
    do {
      const [next, kv] = await r.hscan('h', cursor, 'COUNT', '20', 'MATCH', 'keep*');
      for (let i = 0; i < kv.length; i += 2) seen.add(kv[i]);
      await r.hset('h', `new${step}`, 'x');
      if (step > 2) await r.hdel('h', `new${step - 2}`);
      step++;
      cursor = next;
    } while (cursor !== '0');
    expect(seen.size).toBe(500);
  });
});

describe('dirty, keyspace events and propagation', () => {
  it('counts changes and fires Redis events', async () => {
    const d0 = s.server.dirty;
    await r.hset('h', 'a', '1', 'b', '2');
    expect(s.server.dirty - d0).toBe(2);
    await r.hset('h', 'a', '1', 'b', '2'); // Redis counts the pairs written, even unchanged
    expect(s.server.dirty - d0).toBe(4);
    await r.hsetnx('h', 'a', 'x');
    expect(s.server.dirty - d0).toBe(4);
    await r.hsetnx('h', 'c', 'x');
    await r.hdel('h', 'zz');
    expect(s.server.dirty - d0).toBe(5);
    await r.hincrby('h', 'n', 1);
    await r.call('HINCRBYFLOAT', 'h', 'n', '1');
    await r.hdel('h', 'a', 'zz', 'b');
    expect(s.server.dirty - d0).toBe(9);
    await r.hdel('h', 'c', 'n');
    expect(s.server.dirty - d0).toBe(11);
    expect(events).toEqual([
      'h hset h',
      'h hset h',
      'h hset h',
      'h hincrby h',
      'h hincrbyfloat h',
      'h hdel h',
      'h hdel h',
      'g del h',
    ]);
  });

  it('a write wakes WATCH (the key is signalled modified)', async () => {
    await r.hset('h', 'a', '1');
    const w = new Redis(s.port);
    try {
      if (!s.server.commands.get('watch')) return;
      await w.watch('h');
      await r.hset('h', 'a', '2');
      const res = await w.multi().hget('h', 'a').exec();
      expect(res).toBeNull();
    } finally {
      await w.quit();
    }
  });
});

/* ---------- byte-for-byte against a real redis-server ---------- */

/** The reply with every aggregate's elements sorted (pairs kept together in maps), for hash-order replies. */
function canonical(node: ReplyNode, pairs: boolean): string {
  if (node.children.length === 0) return node.raw.toString('latin1');
  const step = node.type === '%' || pairs ? 2 : 1;
  const out: string[] = [];
  for (let i = 0; i < node.children.length; i += step) {
    out.push(node.children.slice(i, i + step).map((c) => canonical(c, false)).join(''));
  }
  out.sort();
  return node.header.toString('latin1') + out.join('');
}

/**
 * HRANDFIELD picks at random: two replies agree when they have the same
 * shape (types and lengths at every level). Contents are checked by the
 * HRANDFIELD suite above.
 */
function sameShape(a: ReplyNode, b: ReplyNode): boolean {
  if (a.type !== b.type || a.children.length !== b.children.length) return false;
  if (a.children.length > 0 && !a.header.equals(b.header)) return false;
  return a.children.every((c, i) => sameShape(c, b.children[i]));
}

describe.runIf(shouldRunWith('redis-server'))('hashes: raw replies identical to redis-server', () => {
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

  /**
   * Run `lines` on both servers (RESP2 and RESP3) and list the replies that
   * differ. Replies whose order comes from a hashtable are compared sorted:
   * the command decides via `unordered`, asked after both replied.
   */
  async function compare(lines: string[][], setup: string[][] = []): Promise<string[]> {
    if (!redis || !t) throw new Error('servers not started');
    const diffs: string[] = [];
    for (const proto of [2, 3]) {
      const a = await RawClient.connect(redis.port);
      const b = await RawClient.connect(t.port);
      try {
        if (proto === 3) await Promise.all([a.command(['HELLO', '3']), b.command(['HELLO', '3'])]);
        await a.command(['FLUSHALL']);
        for (const db of t.server.dbs) db.clear();
        for (const argv of [...setup, ['CONFIG', 'SET', 'hash-max-listpack-entries', '128', 'hash-max-listpack-value', '64']]) {
          await Promise.all([a.command(argv), b.command(argv)]);
        }
        for (const argv of lines) {
          const name = argv[0].toUpperCase();
          // The encoding decides whether the order is deterministic: ask Redis.
          const key = argv[1];
          const enc = name === 'CONFIG' || key === undefined ? '' : (await a.command(['OBJECT', 'ENCODING', key])).toString('latin1');
          const [x, y] = await Promise.all([a.command(argv), b.command(argv)]);
          if (x.equals(y)) continue;
          if (name === 'HRANDFIELD' && x[0] !== 0x2d && y[0] !== 0x2d && sameShape(parseReply(x), parseReply(y))) continue;
          const hashOrder = enc.includes('hashtable') && ['HKEYS', 'HVALS', 'HGETALL', 'HRANDFIELD'].includes(name);
          if (hashOrder && x[0] !== 0x2d) {
            const pairs = name === 'HGETALL' || (name === 'HRANDFIELD' && argv.length === 4 && proto === 2);
            if (canonical(parseReply(x), pairs) === canonical(parseReply(y), pairs)) continue;
          }
          // A hashtable's cursor is the server's own: compare whole walks from cursor 0 instead.
          if (name === 'HSCAN' && enc.includes('hashtable') && x[0] === 0x2a && y[0] === 0x2a) {
            const [wx, wy] = await Promise.all([fullScan(a, argv), fullScan(b, argv)]);
            if (wx === wy) continue;
            diffs.push(`RESP${proto} ${escapeBytes(argv.join(' '))} (whole walk): redis "${escapeBytes(wx)}" tredis "${escapeBytes(wy)}"`);
            continue;
          }
          diffs.push(`RESP${proto} ${escapeBytes(argv.join(' '))}: redis "${escapeBytes(x)}" tredis "${escapeBytes(y)}"`);
        }
      } finally {
        await Promise.all([a.close(), b.close()]);
      }
    }
    return diffs;
  }

  /** Every (field, value) an HSCAN walk from cursor 0 returns, sorted, as text. */
  async function fullScan(c: RawClient, argv: string[]): Promise<string> {
    const out: string[] = [];
    let cursor = '0';
    do {
      const node = parseReply(await c.command([argv[0], argv[1], cursor, ...argv.slice(3)]));
      cursor = node.children[0].raw.toString('latin1').split('\r\n')[1];
      const kv = node.children[1].children;
      for (let i = 0; i < kv.length; i += 2) out.push(kv[i].raw.toString('latin1') + kv[i + 1].raw.toString('latin1'));
    } while (cursor !== '0');
    return out.sort().join('');
  }

  it('fixed edge cases', async () => {
    const all = String.fromCharCode(...Array.from({ length: 256 }, (_, i) => i));
    const lines = [
      ['HSET', 'h', 'a', '1', 'b', '2', 'a', '3'],
      ['HSET', 'h', 'a'],
      ['HSET', 'h', 'a', '1', 'b'],
      ['HMSET', 'h', 'c', '3', 'd'],
      ['HMSET', 'h', 'c', '3'],
      ['HSETNX', 'h', 'c', 'x'],
      ['HSETNX', 'h', 'e', 'x'],
      ['HGETALL', 'h'],
      ['HKEYS', 'h'],
      ['HVALS', 'h'],
      ['HGETALL', 'nokey'],
      ['HKEYS', 'nokey'],
      ['HGET', 'h', 'a'],
      ['HGET', 'h', 'zz'],
      ['HGET', 'nokey', 'a'],
      ['HMGET', 'h', 'a', 'zz', 'b'],
      ['HMGET', 'nokey', 'a'],
      ['HSET', 'bin', all, all, '', ''],
      ['HGET', 'bin', all],
      ['HSTRLEN', 'bin', all],
      ['HGETALL', 'bin'],
      ['HEXISTS', 'bin', ''],
      ['HLEN', 'bin'],
      ['OBJECT', 'ENCODING', 'bin'],
      ['HDEL', 'h', 'a', 'a', 'zz'],
      ['HDEL', 'nokey', 'a'],
      ['HLEN', 'h'],
      ['HLEN', 'nokey'],
      ['HSTRLEN', 'h', 'b'],
      ['HSTRLEN', 'h', 'zz'],
      ['HEXISTS', 'h', 'b'],
      ['HEXISTS', 'nokey', 'b'],
      ['HINCRBY', 'h', 'n', '5'],
      ['HINCRBY', 'h', 'n', MIN],
      ['HINCRBY', 'h', 'n', MIN],
      ['HINCRBY', 'h', 'n', 'x'],
      ['HINCRBY', 'h', 'n', '1.0'],
      ['HSET', 'h', 'm', MAX, 's', ' 1', 'z', '-0', 'lz', '01'],
      ['HINCRBY', 'h', 'm', '1'],
      ['HINCRBY', 'h', 'm', '0'],
      ['HINCRBY', 'h', 's', '1'],
      ['HINCRBY', 'h', 'z', '1'],
      ['HINCRBY', 'h', 'lz', '1'],
      ['HINCRBYFLOAT', 'h', 'f', '1.1'],
      ['HINCRBYFLOAT', 'h', 'f', '2.2'],
      ['HINCRBYFLOAT', 'h', 'f', '-3.3'],
      ['HINCRBYFLOAT', 'h', 'f', '1e308'],
      ['HINCRBYFLOAT', 'h', 'f', '1e4000'],
      ['HINCRBYFLOAT', 'h', 'f', 'inf'],
      ['HINCRBYFLOAT', 'h', 'f', 'nan'],
      ['HINCRBYFLOAT', 'h', 'f', ''],
      ['HINCRBYFLOAT', 'h', 'f', ' 1'],
      ['HINCRBYFLOAT', 'h', 's', '1'],
      ['HINCRBYFLOAT', 'h', 'z', '1'],
      ['HINCRBYFLOAT', 'h', 'm', '1'],
      ['HINCRBYFLOAT', 'h', 'g', '0x10'],
      ['HINCRBYFLOAT', 'h', 'g2', '1e70'],
      ['OBJECT', 'ENCODING', 'h'],
      ['HGETALL', 'h'],
      ['SET', 'str', 'v'],
      ['HSET', 'str', 'a', '1'],
      ['HINCRBYFLOAT', 'str', 'a', 'x'],
      ['HINCRBYFLOAT', 'str', 'a', '1'],
      ['HRANDFIELD', 'str', 'x'],
      ['HRANDFIELD', 'str', '1'],
      ['HRANDFIELD', 'nokey'],
      ['HRANDFIELD', 'nokey', '0'],
      ['HRANDFIELD', 'nokey', '-3', 'WITHVALUES'],
      ['HRANDFIELD', 'nokey', MIN],
      ['HRANDFIELD', 'nokey', MAX],
      ['HRANDFIELD', 'nokey', '4611686018427387904', 'WITHVALUES'],
      ['HRANDFIELD', 'nokey', '1', 'WITHVALUE'],
      ['HRANDFIELD', 'nokey', '1', 'WITHVALUES', 'x'],
      ['HSET', 'one', 'f', 'v'],
      ['HRANDFIELD', 'one'],
      ['HRANDFIELD', 'one', '1'],
      ['HRANDFIELD', 'one', '-3'],
      ['HRANDFIELD', 'one', '-3', 'withvalues'],
      ['HRANDFIELD', 'one', '5', 'WITHVALUES'],
      ['HRANDFIELD', 'one', '0', 'WITHVALUES'],
      ['HRANDFIELD', 'h', '100', 'WITHVALUES'],
      ['HSCAN', 'h', '0'],
      ['HSCAN', 'h', '0', 'MATCH', '*'],
      ['HSCAN', 'h', '0', 'MATCH', '[a-f]', 'COUNT', '1'],
      ['HSCAN', 'h', 'x'],
      ['HSCAN', 'h', ''],
      ['HSCAN', 'h', '-5'],
      ['HSCAN', 'h', '0', 'COUNT', '0'],
      ['HSCAN', 'h', '0', 'COUNT', '-1'],
      ['HSCAN', 'h', '0', 'COUNT'],
      ['HSCAN', 'h', '0', 'TYPE', 'hash'],
      ['HSCAN', 'h', '0', 'NOPE', 'x'],
      ['HSCAN', 'nokey', '0', 'NOPE', 'x'],
      ['HSCAN', 'nokey', 'x'],
      ['HSCAN', 'str', '0', 'COUNT', '0'],
      ['HDEL', 'one', 'f'],
      ['EXISTS', 'one'],
      ['TYPE', 'h'],
      ['HSET', 'ints', '1', '-1', '127', '128', '-4096', '4096', '32768', '-8388609', '2147483648', MIN],
      ['MEMORY', 'USAGE', 'ints'],
      ['HSET', 'big', 'f', 'x'.repeat(64), 'g', 'y'.repeat(64)],
      ['MEMORY', 'USAGE', 'big'],
      ['OBJECT', 'ENCODING', 'big'],
      ['HSET', 'big', 'h', 'z'.repeat(65)],
      ['OBJECT', 'ENCODING', 'big'],
      ['MEMORY', 'USAGE', 'big'],
      ['HGETALL', 'big'],
    ];
    expect(await compare(lines)).toEqual([]);
  });

  it('conversions under CONFIG SET thresholds', async () => {
    const lines = [
      ['CONFIG', 'SET', 'hash-max-listpack-entries', '3'],
      ['HSET', 'h', 'a', '1', 'b', '2', 'c', '3'],
      ['OBJECT', 'ENCODING', 'h'],
      ['HSETNX', 'h', 'd', '4'],
      ['OBJECT', 'ENCODING', 'h'],
      ['HDEL', 'h', 'a', 'b', 'c'],
      ['OBJECT', 'ENCODING', 'h'],
      ['HGETALL', 'h'],
      ['CONFIG', 'SET', 'hash-max-ziplist-value', '2'],
      ['HSET', 'v', 'ab', '12'],
      ['OBJECT', 'ENCODING', 'v'],
      ['HINCRBY', 'v', 'ab', '100'],
      ['OBJECT', 'ENCODING', 'v'],
      ['HSET', 'w', 'a', '1'],
      ['HINCRBYFLOAT', 'w', 'a', '0.5'],
      ['OBJECT', 'ENCODING', 'w'],
      ['HSET', 'x', 'a', '1'],
      ['HSETNX', 'x', 'a', 'long'],
      ['OBJECT', 'ENCODING', 'x'],
      ['HSET', 'x', 'a', '12', 'b', 'long'],
      ['OBJECT', 'ENCODING', 'x'],
      ['HGETALL', 'x'],
      ['CONFIG', 'SET', 'hash-max-listpack-entries', '0'],
      ['HSET', 'y', 'a', '1'],
      ['OBJECT', 'ENCODING', 'y'],
      ['MEMORY', 'USAGE', 'y'],
      ['HSET', 'y', 'b', '2', 'c', '3', 'd', '4'],
      ['MEMORY', 'USAGE', 'y'],
      ['HDEL', 'y', 'a'],
      ['MEMORY', 'USAGE', 'y'],
      ['COPY', 'y', 'y2'],
      ['OBJECT', 'ENCODING', 'y2'],
      ['HGETALL', 'y2'],
      ['HSCAN', 'y2', '0', 'COUNT', '100'],
      // Lowering the limit: an update converts, a refused HSETNX or an HDEL does not.
      ['CONFIG', 'SET', 'hash-max-listpack-entries', '128'],
      ['CONFIG', 'SET', 'hash-max-listpack-value', '64'],
      ['HSET', 'u', 'a', '1', 'b', '2', 'c', '3'],
      ['CONFIG', 'SET', 'hash-max-listpack-entries', '1'],
      ['HSETNX', 'u', 'a', '1'],
      ['HDEL', 'u', 'c'],
      ['OBJECT', 'ENCODING', 'u'],
      ['HSET', 'u', 'a', '5'],
      ['OBJECT', 'ENCODING', 'u'],
    ];
    expect(await compare(lines)).toEqual([]);
  });

  it('random command sequences (seeded)', async () => {
    const key = fc.constantFrom('a', 'b', 's');
    const field = fc.constantFrom('f', 'g', 'h', '1', '-5', '', 'long-field-name-'.repeat(2), '\x00\xff');
    const val = fc.constantFrom('v', '1', '-5', MAX, MIN, '9223372036854775808', '', ' 1', '1.5', '0', '-0', '01', '1e3', '\x00\xff', 'x'.repeat(40));
    const count = fc.constantFrom('0', '1', '2', '-2', '3', '5', '-5', '10', '-10', '100', 'x', MIN);
    const pairs = fc.array(fc.tuple(field, val), { minLength: 1, maxLength: 5 }).map((a) => a.flat());
    const cmd: fc.Arbitrary<string[]> = fc.oneof(
      { weight: 5, arbitrary: fc.tuple(fc.constantFrom('HSET', 'HMSET'), key, pairs).map(([c, k, p]) => [c, k, ...p]) },
      fc.tuple(key, field, val).map(([k, f, v]) => ['HSETNX', k, f, v]),
      fc.tuple(fc.constantFrom('HGET', 'HSTRLEN', 'HEXISTS'), key, field).map(([c, k, f]) => [c, k, f]),
      fc.tuple(fc.constantFrom('HMGET', 'HDEL'), key, fc.array(field, { minLength: 1, maxLength: 4 })).map(([c, k, f]) => [c, k, ...f]),
      fc.tuple(fc.constantFrom('HLEN', 'HKEYS', 'HVALS', 'HGETALL', 'TYPE', 'OBJECT'), key).map(([c, k]) =>
        c === 'OBJECT' ? ['OBJECT', 'ENCODING', k] : [c, k],
      ),
      fc.tuple(fc.constantFrom('HINCRBY', 'HINCRBYFLOAT'), key, field, val).map(([c, k, f, v]) => [c, k, f, v]),
      fc.tuple(key, count, fc.constantFrom([], ['WITHVALUES'], ['withvalues'], ['x'])).map(([k, n, o]) => ['HRANDFIELD', k, n, ...o]),
      fc.tuple(key, fc.constantFrom([], ['MATCH', 'f*'], ['COUNT', '2'], ['COUNT', '0'], ['MATCH'])).map(([k, o]) => ['HSCAN', k, '0', ...o]),
      fc.tuple(key, val).map(([k, v]) => ['SET', k, v]),
      fc.tuple(key).map(([k]) => ['DEL', k]),
      fc.constantFrom(
        ['CONFIG', 'SET', 'hash-max-listpack-entries', '3'],
        ['CONFIG', 'SET', 'hash-max-listpack-value', '4'],
        ['CONFIG', 'SET', 'hash-max-listpack-entries', '128'],
        ['CONFIG', 'SET', 'hash-max-listpack-value', '64'],
      ),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(cmd, { maxLength: 25 }), async (lines) => {
        expect(await compare(lines)).toEqual([]);
      }),
      { numRuns: 80, seed: 20240716 },
    );
  });
});
