/**
 * The string family over the wire (ioredis against an in-process tredis):
 * every command's normal cases, option errors, int64 edges, binary values,
 * TTLs (with the server clock moved forward, no sleeping), encodings,
 * server.dirty, keyspace events and what gets propagated. The last suite
 * compares raw reply bytes with a real redis-server (skipped without one).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Redis } from 'ioredis';
import { startServer, type TredisServer } from '../../server/index.js';
import { assertTool, shouldRunWith, startRedisServer, type RedisProcess } from '../helpers/redis-server.js';
import { RawClient, escapeBytes } from '../helpers/resp.js';

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
  s.server.config.setMany([['proto-max-bulk-len', '536870912']]);
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

const db0 = () => s.server.dbs[0];
const hasObject = () => s.server.commands.get('object') !== undefined;

async function encoding(key: string): Promise<unknown> {
  return r.call('OBJECT', 'ENCODING', key);
}

describe('GET / SET', () => {
  it('stores and returns values, nil for missing keys', async () => {
    expect(await r.get('k')).toBeNull();
    expect(await r.set('k', 'v')).toBe('OK');
    expect(await r.get('k')).toBe('v');
    expect(await r.set('k', '')).toBe('OK');
    expect(await r.get('k')).toBe('');
  });

  it('round-trips every byte 0..255', async () => {
    const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    await r.set(all, all);
    expect((await r.getBuffer(all))?.equals(all)).toBe(true);
    expect(await r.strlen(all)).toBe(256);
    const nul = Buffer.from([0, 0, 0xff, 0x0d, 0x0a]);
    await r.set('nul', nul);
    expect((await r.getBuffer('nul'))?.equals(nul)).toBe(true);
  });

  it('WRONGTYPE on non-strings', async () => {
    db0().setKey('h', { type: 'hash', encoding: () => 'listpack', memoryUsage: () => 0, clone: () => ({}) as never });
    expect(await err(r.get('h'))).toBe(WRONGTYPE);
    expect(await err(r.set('h', 'x', 'GET'))).toBe(WRONGTYPE);
    expect(await r.set('h', 'x')).toBe('OK'); // plain SET overwrites any type
  });

  it('NX / XX', async () => {
    expect(await r.set('k', 'a', 'NX')).toBe('OK');
    expect(await r.set('k', 'b', 'NX')).toBeNull();
    expect(await r.set('k', 'c', 'XX')).toBe('OK');
    expect(await r.set('nokey', 'c', 'XX')).toBeNull();
    expect(await r.get('k')).toBe('c');
    expect(await r.call('SET', 'k', 'd', 'nx\0junk')).toBeNull(); // option words end at NUL, as in C
  });

  it('GET returns the old value, also with NX (7.0)', async () => {
    expect(await r.call('SET', 'k', 'a', 'GET')).toBeNull();
    expect(await r.call('SET', 'k', 'b', 'GET')).toBe('a');
    expect(await r.call('SET', 'k', 'c', 'NX', 'GET')).toBe('b'); // not set, old value still returned
    expect(await r.get('k')).toBe('b');
    expect(await r.call('SET', 'new', 'x', 'XX', 'GET')).toBeNull();
    expect(await r.exists('new')).toBe(0);
    expect(await r.call('SET', 'k', 'e', 'GET', 'GET')).toBe('b');
  });

  it('option syntax errors', async () => {
    const bad = [
      ['NX', 'XX'],
      ['XX', 'NX'],
      ['EX', '10', 'PX', '10'],
      ['PX', '10', 'EXAT', '10'],
      ['KEEPTTL', 'EX', '10'],
      ['EX', '10', 'KEEPTTL'],
      ['EX'],
      ['PXAT'],
      ['PERSIST'],
      ['FOO'],
      ['NX', 'NX', 'FOO'],
    ];
    for (const opts of bad) expect(await err(r.call('SET', 'k', 'v', ...opts)), opts.join(' ')).toBe(SYNTAX);
    expect(await r.call('SET', 'k', 'v', 'EX', '10', 'EX', '20')).toBe('OK'); // a repeated EX is accepted
  });

  it('expire time errors', async () => {
    const invalid = "ERR invalid expire time in 'set' command";
    expect(await err(r.set('k', 'v', 'EX', 0))).toBe(invalid);
    expect(await err(r.set('k', 'v', 'EX', -1))).toBe(invalid);
    expect(await err(r.call('SET', 'k', 'v', 'PXAT', '0'))).toBe(invalid);
    expect(await err(r.call('SET', 'k', 'v', 'PX', MAX))).toBe(invalid); // + now overflows
    expect(await err(r.call('SET', 'k', 'v', 'EX', '9223372036854775'))).toBe(invalid);
    expect(await err(r.call('SET', 'k', 'v', 'EX', '9223372036854776'))).toBe(invalid);
    expect(await r.call('SET', 'k', 'v', 'EXAT', '9223372036854775')).toBe('OK');
    expect(await err(r.call('SET', 'k', 'v', 'EX', 'abc'))).toBe(NOT_INT);
    expect(await err(r.call('SET', 'k', 'v', 'EX', '1.5'))).toBe(NOT_INT);
    expect(await err(r.setex('k', 0, 'v'))).toBe("ERR invalid expire time in 'setex' command");
    expect(await err(r.psetex('k', -5, 'v'))).toBe("ERR invalid expire time in 'psetex' command");
  });

  it('TTLs with EX / PX / EXAT / PXAT / KEEPTTL', async () => {
    const now = s.clock.now();
    await r.set('ex', 'v', 'EX', 10);
    await r.set('px', 'v', 'PX', 1500);
    await r.call('SET', 'exat', 'v', 'EXAT', String(Math.floor(now / 1000) + 100));
    await r.call('SET', 'pxat', 'v', 'PXAT', String(now + 50_000));
    expect(db0().getExpire('ex')).toBeGreaterThanOrEqual(now + 10_000);
    expect(db0().getExpire('pxat')).toBe(now + 50_000);
    expect(db0().getExpire('exat')).toBe((Math.floor(now / 1000) + 100) * 1000);

    s.clock.advance(2000);
    expect(await r.get('px')).toBeNull();
    expect(await r.get('ex')).toBe('v');
    await r.call('SET', 'ex', 'w', 'KEEPTTL');
    expect(db0().getExpire('ex')).toBeGreaterThan(0);
    await r.set('ex', 'x'); // plain SET drops the TTL
    expect(db0().getExpire('ex')).toBe(-1);
    s.clock.advance(60_000);
    expect(await r.get('pxat')).toBeNull();
    expect(await r.get('exat')).toBe('v');
  });

  it('an EXAT in the past stores the key, which expires on first access', async () => {
    expect(await r.call('SET', 'k', 'v', 'EXAT', '1')).toBe('OK');
    expect(s.server.dbs[0].size).toBe(1);
    expect(await r.get('k')).toBeNull();
    expect(s.server.dbs[0].size).toBe(0);
  });

  it('SETNX / SETEX / PSETEX', async () => {
    expect(await r.setnx('k', 'a')).toBe(1);
    expect(await r.setnx('k', 'b')).toBe(0);
    expect(await r.get('k')).toBe('a');
    expect(await r.setex('k', 100, 'b')).toBe('OK');
    expect(db0().getExpire('k')).toBeGreaterThan(s.clock.now() + 99_000);
    expect(await r.psetex('p', 100, 'c')).toBe('OK');
    s.clock.advance(101);
    expect(await r.get('p')).toBeNull();
    expect(await r.get('k')).toBe('b');
  });
});

describe('GETEX / GETDEL / GETSET', () => {
  it('GETEX sets, changes and removes TTLs', async () => {
    await r.set('k', 'v');
    expect(await r.call('GETEX', 'k')).toBe('v');
    expect(db0().getExpire('k')).toBe(-1);
    expect(await r.call('GETEX', 'k', 'EX', '100')).toBe('v');
    expect(db0().getExpire('k')).toBeGreaterThan(s.clock.now());
    expect(await r.call('GETEX', 'k', 'PERSIST')).toBe('v');
    expect(db0().getExpire('k')).toBe(-1);
    expect(await r.call('GETEX', 'k', 'PX', '100')).toBe('v');
    s.clock.advance(101); // a key expires once the clock is past its deadline
    expect(await r.call('GETEX', 'k')).toBeNull();
  });

  it('GETEX with a past EXAT/PXAT deletes the key after replying', async () => {
    await r.set('k', 'v');
    expect(await r.call('GETEX', 'k', 'PXAT', '1')).toBe('v');
    expect(await r.exists('k')).toBe(0);
    expect(propagated.at(-1)).toEqual(['DEL', 'k']);
  });

  it('GETEX errors', async () => {
    await r.set('k', 'v');
    expect(await err(r.call('GETEX', 'k', 'EX', '0'))).toBe("ERR invalid expire time in 'getex' command");
    expect(await r.call('GETEX', 'nokey', 'EX', '0')).toBeNull(); // missing key: no validation
    for (const opts of [['NX'], ['KEEPTTL'], ['GET'], ['PERSIST', 'EX', '1'], ['EX', '1', 'PERSIST'], ['EX'], ['EX', '1', 'PX', '1']]) {
      expect(await err(r.call('GETEX', 'k', ...opts)), opts.join(' ')).toBe(SYNTAX);
    }
    expect(await err(r.call('GETEX', 'k', 'EX', 'x'))).toBe(NOT_INT);
  });

  it('GETDEL', async () => {
    await r.set('k', 'v');
    expect(await r.getdel('k')).toBe('v');
    expect(await r.getdel('k')).toBeNull();
    expect(await r.exists('k')).toBe(0);
  });

  it('GETSET returns the old value and drops the TTL', async () => {
    expect(await r.getset('k', 'a')).toBeNull();
    db0().setExpire('k', s.clock.now() + 100_000);
    expect(await r.getset('k', 'b')).toBe('a');
    expect(db0().getExpire('k')).toBe(-1);
    expect(await r.get('k')).toBe('b');
  });
});

describe('MGET / MSET / MSETNX', () => {
  it('MGET returns nil for missing keys and other types', async () => {
    await r.mset('a', '1', 'b', '2');
    db0().setKey('h', { type: 'hash', encoding: () => 'listpack', memoryUsage: () => 0, clone: () => ({}) as never });
    expect(await r.mget('a', 'nokey', 'h', 'b')).toEqual(['1', null, null, '2']);
  });

  it('MSET / MSETNX', async () => {
    expect(await r.mset('a', '1', 'b', '2', 'a', '3')).toBe('OK');
    expect(await r.get('a')).toBe('3');
    expect(await err(r.call('MSET', 'a', '1', 'b'))).toBe("ERR wrong number of arguments for 'mset' command");
    expect(await err(r.call('MSETNX', 'a', '1', 'b'))).toBe("ERR wrong number of arguments for 'msetnx' command");
    expect(await r.msetnx('x', '1', 'a', '2')).toBe(0);
    expect(await r.exists('x')).toBe(0);
    expect(await r.msetnx('x', '1', 'y', '2')).toBe(1);
    expect(await r.mget('x', 'y')).toEqual(['1', '2']);
  });
});

describe('INCR family', () => {
  it('counts from a missing key and keeps the TTL', async () => {
    expect(await r.incr('n')).toBe(1);
    expect(await r.incrby('n', 10)).toBe(11);
    expect(await r.decr('n')).toBe(10);
    expect(await r.decrby('n', 20)).toBe(-10);
    db0().setExpire('n', s.clock.now() + 5000);
    await r.incr('n');
    expect(db0().getExpire('n')).toBeGreaterThan(0);
    expect(await r.get('n')).toBe('-9');
  });

  it('int64 edges', async () => {
    await r.set('n', MAX);
    expect(await err(r.incr('n'))).toBe('ERR increment or decrement would overflow');
    expect(await r.call('DECRBY', 'n', MAX)).toBe(0);
    await r.set('n', MIN);
    expect(await err(r.decr('n'))).toBe('ERR increment or decrement would overflow');
    expect(await r.call('INCRBY', 'n', MAX)).toBe(-1);
    expect(await err(r.call('DECRBY', 'n', MIN))).toBe('ERR decrement would overflow');
    await r.set('n', '0');
    await r.call('INCRBY', 'n', MIN);
    expect(await r.get('n')).toBe(MIN);
    expect(await err(r.call('DECRBY', 'n', '1'))).toBe('ERR increment or decrement would overflow');
  });

  it('exact beyond 2^53', async () => {
    await r.set('n', '9007199254740993');
    expect(await r.call('INCRBY', 'n', '2')).toBe(9007199254740995);
    expect(await r.get('n')).toBe('9007199254740995');
    await r.set('n', '9223372036854775806');
    expect(await r.incr('n')).toBe(Number(MAX)); // ioredis parses into a double...
    expect(await r.get('n')).toBe(MAX); // ...but the stored text is exact
    await r.set('n', '-9007199254740991');
    expect(await r.decrby('n', 1)).toBe(-9007199254740992);
    expect(await r.get('n')).toBe('-9007199254740992');
  });

  it('rejects values that are not canonical integers', async () => {
    for (const v of [' 1', '1 ', '+1', '01', '-0', '1.0', '', 'abc', '9223372036854775808', '-9223372036854775809', '1e3']) {
      await r.set('n', v);
      expect(await err(r.incr('n')), JSON.stringify(v)).toBe(NOT_INT);
    }
    await r.set('n', '5');
    expect(await err(r.incrby('n', 'x' as unknown as number))).toBe(NOT_INT);
    expect(await err(r.call('INCRBY', 'n', '9223372036854775808'))).toBe(NOT_INT);
    expect(await err(r.call('INCRBY', 'l', 'x'))).toBe(NOT_INT); // the increment is parsed first
  });

  it('WRONGTYPE before the value is parsed', async () => {
    db0().setKey('h', { type: 'hash', encoding: () => 'listpack', memoryUsage: () => 0, clone: () => ({}) as never });
    expect(await err(r.incr('h'))).toBe(WRONGTYPE);
    expect(await err(r.incrbyfloat('h', 1))).toBe(WRONGTYPE);
  });

  it('INCRBYFLOAT uses long double arithmetic and Redis formatting', async () => {
    await r.set('f', '10.50');
    expect(await r.incrbyfloat('f', '0.1')).toBe('10.6');
    expect(await r.incrbyfloat('f', '-5')).toBe('5.6');
    await r.set('f', '5.0e3');
    expect(await r.incrbyfloat('f', '2.0e2')).toBe('5200');
    expect(await r.incrbyfloat('nf', '3')).toBe('3');
    expect(await r.incrbyfloat('nf', '0x10')).toBe('19');
    expect(await err(r.incrbyfloat('nf', 'abc'))).toBe('ERR value is not a valid float');
    expect(await err(r.incrbyfloat('nf', 'inf'))).toBe('ERR increment would produce NaN or Infinity');
    expect(await err(r.incrbyfloat('nf', '1e5000'))).toBe('ERR value is not a valid float');
    await r.set('bad', 'x');
    expect(await err(r.incrbyfloat('bad', '1'))).toBe('ERR value is not a valid float');
  });
});

describe('APPEND / STRLEN', () => {
  it('appends, creating the key when missing', async () => {
    expect(await r.append('k', 'Hello')).toBe(5);
    expect(await r.append('k', ' World')).toBe(11);
    expect(await r.get('k')).toBe('Hello World');
    expect(await r.strlen('k')).toBe(11);
    expect(await r.strlen('nokey')).toBe(0);
    await r.set('n', '12');
    expect(await r.append('n', '3')).toBe(3);
    expect(await r.incr('n')).toBe(124);
  });

  it('appends binary data and keeps the TTL', async () => {
    const a = Buffer.from([0, 1, 2, 255]);
    await r.set('k', a);
    db0().setExpire('k', s.clock.now() + 10_000);
    await r.append('k', Buffer.from([0, 254]));
    expect((await r.getBuffer('k'))?.equals(Buffer.from([0, 1, 2, 255, 0, 254]))).toBe(true);
    expect(db0().getExpire('k')).toBeGreaterThan(0);
  });

  it('refuses to grow past proto-max-bulk-len', async () => {
    s.server.config.setMany([['proto-max-bulk-len', '1mb']]);
    await r.set('k', 'x'.repeat(1024 * 1024 - 1));
    expect(await r.append('k', 'y')).toBe(1024 * 1024);
    expect(await err(r.append('k', 'z'))).toBe('ERR string exceeds maximum allowed size (proto-max-bulk-len)');
  });
});

describe('GETRANGE / SUBSTR / SETRANGE', () => {
  it('GETRANGE with negative and out-of-range indexes', async () => {
    await r.set('k', 'This is a string');
    const cases: [number | string, number | string, string][] = [
      [0, 3, 'This'],
      [-3, -1, 'ing'],
      [0, -1, 'This is a string'],
      [10, 100, 'string'],
      [-1, -5, ''],
      [-100, -90, 'T'], // both clamp to 0: only a reversed negative pair is empty
      [-100, 2, 'Thi'],
      [5, 3, ''],
      [16, 20, ''],
      [0, MAX, 'This is a string'],
      [MIN, MAX, 'This is a string'],
      ['-9223372036854775807', MIN, ''],
    ];
    for (const [a, b, want] of cases) {
      expect(await r.getrange('k', a as number, b as number), `${a} ${b}`).toBe(want);
      expect(await r.call('SUBSTR', 'k', String(a), String(b))).toBe(want);
    }
    expect(await r.getrange('nokey', 0, 10)).toBe('');
    await r.set('n', '12345');
    expect(await r.getrange('n', 1, 2)).toBe('23');
    expect(await err(r.call('GETRANGE', 'k', 'a', '1'))).toBe(NOT_INT);
    expect(await err(r.call('GETRANGE', 'nokey', '1', 'b'))).toBe(NOT_INT);
    await r.set('e', '');
    expect(await r.getrange('e', 0, -1)).toBe('');
  });

  it('SETRANGE pads with zero bytes and keeps the TTL', async () => {
    expect(await r.setrange('k', 5, 'ab')).toBe(7);
    expect((await r.getBuffer('k'))?.equals(Buffer.from([0, 0, 0, 0, 0, 97, 98]))).toBe(true);
    db0().setExpire('k', s.clock.now() + 10_000);
    expect(await r.setrange('k', 1, 'XYZ')).toBe(7);
    expect(await r.get('k')).toBe('\0XYZ\0ab');
    expect(db0().getExpire('k')).toBeGreaterThan(0);
    expect(await r.setrange('k', 0, '')).toBe(7);
    expect(await r.setrange('none', 10, '')).toBe(0);
    expect(await r.exists('none')).toBe(0);
  });

  it('SETRANGE errors', async () => {
    expect(await err(r.setrange('k', -1, 'x'))).toBe('ERR offset is out of range');
    expect(await err(r.call('SETRANGE', 'k', 'x', 'x'))).toBe(NOT_INT);
    expect(await err(r.setrange('k', 536870911, 'ab'))).toBe('ERR string exceeds maximum allowed size (proto-max-bulk-len)');
    expect(await err(r.call('SETRANGE', 'k', MAX, 'a'))).toBe('ERR string exceeds maximum allowed size (proto-max-bulk-len)');
    expect(await r.call('SETRANGE', 'k', MAX, '')).toBe(0);
    db0().setKey('h', { type: 'hash', encoding: () => 'listpack', memoryUsage: () => 0, clone: () => ({}) as never });
    expect(await err(r.setrange('h', 0, 'x'))).toBe(WRONGTYPE);
  });
});

describe('LCS', () => {
  beforeEach(async () => {
    await r.mset('key1', 'ohmytext', 'key2', 'mynewtext');
  });

  it('string, LEN and IDX replies', async () => {
    expect(await r.call('LCS', 'key1', 'key2')).toBe('mytext');
    expect(await r.call('LCS', 'key1', 'key2', 'LEN')).toBe(6);
    expect(await r.call('LCS', 'key1', 'key2', 'IDX')).toEqual([
      'matches',
      [
        [
          [4, 7],
          [5, 8],
        ],
        [
          [2, 3],
          [0, 1],
        ],
      ],
      'len',
      6,
    ]);
    expect(await r.call('LCS', 'key1', 'key2', 'IDX', 'MINMATCHLEN', '4', 'WITHMATCHLEN')).toEqual([
      'matches',
      [
        [
          [4, 7],
          [5, 8],
          4,
        ],
      ],
      'len',
      6,
    ]);
    expect(await r.call('LCS', 'key1', 'nokey')).toBe('');
    expect(await r.call('LCS', 'no1', 'no2', 'LEN')).toBe(0);
  });

  it('errors', async () => {
    expect(await err(r.call('LCS', 'key1', 'key2', 'LEN', 'IDX'))).toBe('ERR If you want both the length and indexes, please just use IDX.');
    expect(await err(r.call('LCS', 'key1', 'key2', 'MINMATCHLEN'))).toBe(SYNTAX);
    expect(await err(r.call('LCS', 'key1', 'key2', 'MINMATCHLEN', 'x'))).toBe(NOT_INT);
    expect(await err(r.call('LCS', 'key1', 'key2', 'FOO'))).toBe(SYNTAX);
    db0().setKey('h', { type: 'hash', encoding: () => 'listpack', memoryUsage: () => 0, clone: () => ({}) as never });
    expect(await err(r.call('LCS', 'key1', 'h', 'FOO'))).toBe('ERR The specified keys must contain string values');
    s.server.config.setMany([['proto-max-bulk-len', '1mb']]);
    await r.mset('a', 'a'.repeat(600), 'b', 'a'.repeat(600));
    expect(await err(r.call('LCS', 'a', 'b'))).toBe('ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len');
  });
});

describe('OBJECT ENCODING', () => {
  it('int / embstr / raw as Redis derives them', async (ctx) => {
    if (!hasObject()) {
      console.log('[strings.test] OBJECT is not registered yet: skipping the encoding checks');
      ctx.skip();
    }
    await r.set('int', '12345');
    await r.set('neg', MIN);
    await r.set('big', '9223372036854775808');
    await r.set('emb', 'x'.repeat(44));
    await r.set('raw', 'x'.repeat(45));
    await r.set('lead0', '012');
    expect(await encoding('int')).toBe('int');
    expect(await encoding('neg')).toBe('int');
    expect(await encoding('big')).toBe('embstr');
    expect(await encoding('emb')).toBe('embstr');
    expect(await encoding('raw')).toBe('raw');
    expect(await encoding('lead0')).toBe('embstr');
    await r.incr('int');
    expect(await encoding('int')).toBe('int');
    await r.append('emb', 'y');
    expect(await encoding('emb')).toBe('raw');
    await r.append('new', 'abc');
    expect(await encoding('new')).toBe('embstr');
    await r.append('int', '');
    expect(await encoding('int')).toBe('raw');
    await r.setrange('sr', 0, 'a');
    expect(await encoding('sr')).toBe('raw');
    await r.set('sr2', 'abc');
    await r.setrange('sr2', 0, 'x');
    expect(await encoding('sr2')).toBe('raw');
  });
});

describe('dirty, keyspace events and propagation', () => {
  it('SET with an expire propagates SET ... PXAT <abs>', async () => {
    const now = s.clock.now();
    await r.set('a', '1', 'EX', 100, 'NX');
    await r.setex('b', 10, 'v');
    await r.call('SET', 'c', 'v', 'PXAT', '99999999999999', 'XX'); // not set: nothing propagated
    await r.call('SET', 'd', 'v', 'get', 'KEEPTTL');
    expect(propagated.length).toBe(3);
    expect(propagated[0].slice(0, 4)).toEqual(['SET', 'a', '1', 'PXAT']);
    expect(Number(propagated[0][4])).toBeGreaterThanOrEqual(now + 100_000);
    expect(propagated[1].slice(0, 4)).toEqual(['SET', 'b', 'v', 'PXAT']);
    expect(propagated[2]).toEqual(['SET', 'd', 'v', 'KEEPTTL']); // GET words dropped
    expect(events).toEqual(['$ set a', 'g expire a', '$ set b', 'g expire b', '$ set d']);
  });

  it('GETEX, GETSET, GETDEL, INCRBYFLOAT rewrite what they propagate', async () => {
    await r.set('k', 'v');
    await r.call('GETEX', 'k', 'PXAT', '99999999999999');
    await r.call('GETEX', 'k', 'PERSIST');
    await r.call('GETEX', 'k', 'PERSIST'); // no TTL left: nothing changes
    await r.getset('k', 'w');
    await r.getdel('k');
    await r.incrbyfloat('f', '1.5');
    expect(propagated).toEqual([
      ['set', 'k', 'v'], // as sent
      ['PEXPIREAT', 'k', '99999999999999'],
      ['PERSIST', 'k'],
      ['SET', 'k', 'w'],
      ['DEL', 'k'],
      ['SET', 'f', '1.5', 'KEEPTTL'],
    ]);
    expect(events).toEqual(['$ set k', 'g expire k', 'g persist k', '$ set k', 'g del k', '$ incrbyfloat f']);
  });

  it('dirty counts changes only', async () => {
    const d0 = s.server.dirty;
    await r.mset('a', '1', 'b', '2', 'c', '3');
    expect(s.server.dirty - d0).toBe(3);
    await r.set('a', 'x', 'NX');
    await r.msetnx('a', '1', 'z', '2');
    await r.getrange('a', 0, 1);
    await r.setrange('a', 0, '');
    expect(s.server.dirty - d0).toBe(3);
    await r.incr('n');
    await r.append('a', 'y');
    await r.setrange('a', 0, 'z');
    expect(s.server.dirty - d0).toBe(6);
    expect(events.slice(3)).toEqual(['$ incrby n', '$ append a', '$ setrange a']);
  });
});

/* ---------- byte-for-byte against a real redis-server ---------- */

describe.runIf(shouldRunWith('redis-server'))('strings: raw replies identical to redis-server', () => {
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

  /** Run `lines` on both servers (RESP2 and RESP3) and list the replies that differ. */
  async function compare(lines: string[][]): Promise<string[]> {
    if (!redis || !t) throw new Error('servers not started');
    const diffs: string[] = [];
    for (const proto of [2, 3]) {
      const a = await RawClient.connect(redis.port);
      const b = await RawClient.connect(t.port);
      try {
        if (proto === 3) await Promise.all([a.command(['HELLO', '3']), b.command(['HELLO', '3'])]);
        await a.command(['FLUSHALL']);
        for (const db of t.server.dbs) db.clear();
        for (const argv of lines) {
          const [x, y] = await Promise.all([a.command(argv), b.command(argv)]);
          if (!x.equals(y)) diffs.push(`RESP${proto} ${escapeBytes(argv.join(' '))}: redis "${escapeBytes(x)}" tredis "${escapeBytes(y)}"`);
        }
      } finally {
        await Promise.all([a.close(), b.close()]);
      }
    }
    return diffs;
  }

  it('fixed edge cases', async () => {
    const all = String.fromCharCode(...Array.from({ length: 256 }, (_, i) => i));
    const lines = [
      ['SET', 'k', all],
      ['GET', 'k'],
      ['STRLEN', 'k'],
      ['GETRANGE', 'k', '250', '-1'],
      ['SET', 'k', 'v', 'NX', 'XX'],
      ['SET', 'k', 'v', 'EX', '0'],
      ['SET', 'k', 'v', 'EX', '9223372036854775'],
      ['SET', 'k', 'v', 'PX', MAX],
      ['SET', 'k', 'v', 'EX', 'x'],
      ['SET', 'k', 'v', 'KEEPTTL', 'PX', '5'],
      ['SET', 'k', 'v', 'GET'],
      ['SET', 'k', 'w', 'NX', 'GET'],
      ['SETEX', 'k', '-1', 'v'],
      ['PSETEX', 'k', '0', 'v'],
      ['GETEX', 'k', 'EX', '0'],
      ['GETEX', 'k', 'PERSIST', 'EX', '1'],
      ['GETEX', 'missing', 'EX', '0'],
      ['SET', 'n', MAX],
      ['INCR', 'n'],
      ['DECRBY', 'n', MIN],
      ['INCRBY', 'n', '-1'],
      ['SET', 'n', MIN],
      ['DECR', 'n'],
      ['INCRBY', 'n', MAX],
      ['SET', 'n', ' 1'],
      ['INCR', 'n'],
      ['INCRBYFLOAT', 'n', '1'],
      ['SET', 'f', '1.1'],
      ['INCRBYFLOAT', 'f', '2.2'],
      ['INCRBYFLOAT', 'f', '1e308'],
      ['INCRBYFLOAT', 'f', 'inf'],
      ['INCRBYFLOAT', 'f', '-1.1e-5'],
      ['MSET', 'a', '1', 'b'],
      ['MSETNX', 'a', '1', 'b', '2'],
      ['MGET', 'a', 'b', 'zz'],
      ['APPEND', 'a', '\x00\xff'],
      ['GETRANGE', 'a', '-1', '-5'],
      ['GETRANGE', 'a', MIN, MAX],
      ['SUBSTR', 'a', '0', '0'],
      ['SETRANGE', 'a', '-1', 'x'],
      ['SETRANGE', 'a', '536870911', 'xx'],
      ['SETRANGE', 'z', '3', '\x00'],
      ['GET', 'z'],
      ['SET', 'x', 'ohmytext'],
      ['SET', 'y', 'mynewtext'],
      ['LCS', 'x', 'y'],
      ['LCS', 'x', 'y', 'IDX', 'WITHMATCHLEN'],
      ['LCS', 'x', 'y', 'IDX', 'MINMATCHLEN', '3'],
      ['LCS', 'x', 'y', 'LEN', 'IDX'],
      ['LCS', 'x', 'y', 'MINMATCHLEN'],
      ['GETDEL', 'x'],
      ['GETSET', 'y', 'q'],
      ['GETDEL', 'x'],
    ];
    expect(await compare(lines)).toEqual([]);
  });

  it('random command sequences (seeded)', async () => {
    const key = fc.constantFrom('a', 'b');
    const val = fc.constantFrom('v', '1', '-5', MAX, MIN, '9223372036854775808', '', ' 1', '1.5', '0', '-0', '01', '\x00\xff', 'x'.repeat(50));
    const time = fc.constantFrom('1', '0', '-1', '100', '4102444800', '4102444800000', '9223372036854775', MAX, 'x');
    const opt = fc.oneof(
      fc.constantFrom(['NX'], ['XX'], ['GET'], ['KEEPTTL'], ['PERSIST'], ['get\0x'], ['bad'], ['EX']),
      fc.tuple(fc.constantFrom('EXAT', 'PXAT', 'EX', 'PX'), time).map(([a, b]) => [a, b]),
    );
    const opts = fc.array(opt, { maxLength: 3 }).map((a) => a.flat());
    const cmd: fc.Arbitrary<string[]> = fc.oneof(
      fc.tuple(key, val, opts).map(([k, v, o]) => ['SET', k, v, ...o]),
      fc.tuple(key, opts).map(([k, o]) => ['GETEX', k, ...o]),
      fc.tuple(fc.constantFrom('SETNX', 'GETSET', 'APPEND', 'INCRBY', 'DECRBY', 'INCRBYFLOAT'), key, val).map(([c, k, v]) => [c, k, v]),
      fc.tuple(fc.constantFrom('GET', 'GETDEL', 'INCR', 'DECR', 'STRLEN'), key).map(([c, k]) => [c, k]),
      fc.tuple(key, val, val).map(([k, a, b]) => ['GETRANGE', k, a, b]),
      fc.tuple(key, fc.integer({ min: -1, max: 12 }), val).map(([k, o, v]) => ['SETRANGE', k, String(o), v]),
      fc.tuple(fc.constantFrom('MSET', 'MSETNX', 'MGET'), fc.array(fc.oneof(key, val), { minLength: 1, maxLength: 5 })).map(([c, a]) => [c, ...a]),
      fc.tuple(key, key, fc.array(fc.constantFrom('IDX', 'LEN', 'WITHMATCHLEN', 'MINMATCHLEN', '2', 'x'), { maxLength: 3 })).map(([a, b, o]) => ['LCS', a, b, ...o]),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(cmd, { maxLength: 15 }), async (lines) => {
        expect(await compare(lines)).toEqual([]);
      }),
      { numRuns: 60, seed: 20240715 },
    );
  });
});
