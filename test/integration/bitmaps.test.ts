/**
 * The bitmap family over the wire (ioredis against an in-process tredis):
 * SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP, BITFIELD, BITFIELD_RO — normal
 * cases, argument errors as in 7.0.15, offset limits, overflow modes,
 * dirty/keyspace events, and raw replies compared with a real
 * redis-server (skipped without one).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Redis } from 'ioredis';
import { startServer, type TredisServer } from '../../server/index.js';
import { assertTool, shouldRunWith, startRedisServer, type RedisProcess } from '../helpers/redis-server.js';
import { RawClient, escapeBytes } from '../helpers/resp.js';

const NOT_INT = 'ERR value is not an integer or out of range';
const WRONGTYPE = 'WRONGTYPE Operation against a key holding the wrong kind of value';
const SYNTAX = 'ERR syntax error';
const BAD_OFFSET = 'ERR bit offset is not an integer or out of range';
const BAD_BIT = 'ERR bit is not an integer or out of range';
const BAD_TYPE = 'ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.';

let s: TredisServer;
let r: Redis;
let events: string[];
let propagated: string[][];

beforeAll(async () => {
  s = await startServer({ port: 0 });
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
  events = [];
  propagated = [];
});

function err(p: Promise<unknown>): Promise<string> {
  return p.then(
    () => 'no error',
    (e: Error) => e.message,
  );
}

const db0 = () => s.server.dbs[0];
const hash = () => ({ type: 'hash' as const, encoding: () => 'listpack', memoryUsage: () => 0, clone: () => ({}) as never });
const bytes = (...b: number[]) => Buffer.from(b);

describe('SETBIT / GETBIT', () => {
  it('sets bits MSB first and returns the previous bit', async () => {
    expect(await r.setbit('b', 7, 1)).toBe(0);
    expect(await r.setbit('b', 7, 1)).toBe(1);
    expect((await r.getBuffer('b'))?.equals(bytes(1))).toBe(true);
    expect(await r.setbit('b', 0, 1)).toBe(0);
    expect((await r.getBuffer('b'))?.equals(bytes(0x81))).toBe(true);
    expect(await r.getbit('b', 0)).toBe(1);
    expect(await r.getbit('b', 1)).toBe(0);
    expect(await r.getbit('b', 1000)).toBe(0);
    expect(await r.getbit('nokey', 0)).toBe(0);
    expect(await r.setbit('b', 23, 1)).toBe(0); // grows with zero bytes
    expect((await r.getBuffer('b'))?.equals(bytes(0x81, 0, 1))).toBe(true);
    expect(await r.setbit('b', 0, 0)).toBe(1);
  });

  it('works on values SET as text, including int-encoded ones, and keeps the TTL', async () => {
    await r.set('i', '255'); // bytes "2" "5" "5"
    expect(await r.getbit('i', 2)).toBe(1);
    expect(await r.getbit('i', 0)).toBe(0);
    db0().setExpire('i', s.clock.now() + 10_000);
    expect(await r.setbit('i', 0, 1)).toBe(0);
    expect((await r.getBuffer('i'))?.equals(Buffer.from('\xb255', 'latin1'))).toBe(true);
    expect(db0().getExpire('i')).toBeGreaterThan(0);
  });

  it('argument errors', async () => {
    expect(await err(r.setbit('b', -1, 1))).toBe(BAD_OFFSET);
    expect(await err(r.call('SETBIT', 'b', '4294967296', '1'))).toBe(BAD_OFFSET);
    expect(await err(r.call('SETBIT', 'b', 'abc', '1'))).toBe(BAD_OFFSET);
    expect(await err(r.call('SETBIT', 'b', '1.5', '1'))).toBe(BAD_OFFSET);
    expect(await err(r.call('SETBIT', 'b', '0', '2'))).toBe(BAD_BIT);
    expect(await err(r.call('SETBIT', 'b', '0', '-1'))).toBe(BAD_BIT);
    expect(await err(r.call('SETBIT', 'b', '0', 'x'))).toBe(BAD_BIT);
    expect(await err(r.call('GETBIT', 'b', '-1'))).toBe(BAD_OFFSET);
    expect(await err(r.call('GETBIT', 'b', '4294967296'))).toBe(BAD_OFFSET);
    expect(await r.call('GETBIT', 'b', '4294967295')).toBe(0);
    db0().setKey('h', hash());
    expect(await err(r.setbit('h', 0, 1))).toBe(WRONGTYPE);
    expect(await err(r.getbit('h', 0))).toBe(WRONGTYPE);
    expect(await err(r.call('GETBIT', 'h', 'x'))).toBe(BAD_OFFSET); // the offset is checked first
  });

  it('the offset limit follows proto-max-bulk-len', async () => {
    s.server.config.setMany([['proto-max-bulk-len', '1mb']]);
    expect(await r.setbit('b', 8 * 1024 * 1024 - 1, 1)).toBe(0);
    expect(await r.strlen('b')).toBe(1024 * 1024);
    expect(await err(r.setbit('b', 8 * 1024 * 1024, 1))).toBe(BAD_OFFSET);
  });

  it('dirty and "setbit" events only when a bit changes or the string grows', async () => {
    const d0 = s.server.dirty;
    await r.setbit('b', 3, 1);
    await r.setbit('b', 3, 1);
    await r.setbit('b', 3, 0);
    await r.setbit('b', 2, 0);
    await r.setbit('b', 9, 0); // grows
    expect(s.server.dirty - d0).toBe(3);
    expect(events).toEqual(['$ setbit b', '$ setbit b', '$ setbit b']);
  });
});

describe('BITCOUNT', () => {
  beforeEach(async () => {
    await r.set('s', 'foobar');
  });

  it('whole string, byte ranges and bit ranges', async () => {
    expect(await r.bitcount('s')).toBe(26);
    expect(await r.bitcount('s', 0, 0)).toBe(4);
    expect(await r.bitcount('s', 1, 1)).toBe(6);
    expect(await r.bitcount('s', 1, -1)).toBe(22);
    expect(await r.bitcount('s', -2, -1)).toBe(7);
    expect(await r.bitcount('s', -100, 100)).toBe(26);
    expect(await r.bitcount('s', 3, 1)).toBe(0);
    expect(await r.bitcount('s', -1, -5)).toBe(0);
    expect(await r.bitcount('s', -10, -20)).toBe(0); // reversed negative range: empty
    expect(await r.call('BITCOUNT', 's', '5', '30', 'BIT')).toBe(17);
    expect(await r.call('BITCOUNT', 's', '0', '-1', 'bit')).toBe(26);
    expect(await r.call('BITCOUNT', 's', '1', '1', 'BYTE')).toBe(6);
    expect(await r.call('BITCOUNT', 's', '7', '7', 'BIT')).toBe(0);
    expect(await r.call('BITCOUNT', 's', '6', '6', 'BIT')).toBe(1);
    expect(await r.bitcount('nokey')).toBe(0);
    await r.set('e', '');
    expect(await r.bitcount('e')).toBe(0);
    expect(await r.bitcount('e', 0, -1)).toBe(0);
  });

  it('argument errors (7.0 looks the key up first)', async () => {
    expect(await err(r.call('BITCOUNT', 's', '0'))).toBe(SYNTAX);
    expect(await err(r.call('BITCOUNT', 's', '0', '1', 'BIT', 'x'))).toBe(SYNTAX);
    expect(await err(r.call('BITCOUNT', 's', '0', '1', 'FOO'))).toBe(SYNTAX);
    expect(await err(r.call('BITCOUNT', 's', 'a', '1'))).toBe(NOT_INT);
    expect(await err(r.call('BITCOUNT', 's', '0', '1.5'))).toBe(NOT_INT);
    expect(await r.call('BITCOUNT', 'nokey', 'a', 'b', 'c', 'd')).toBe(0);
    expect(await r.call('BITCOUNT', 's', '-1', '-2', 'FOO')).toBe(0);
    db0().setKey('h', hash());
    expect(await err(r.call('BITCOUNT', 'h', 'x'))).toBe(WRONGTYPE);
  });
});

describe('BITPOS', () => {
  it('finds set and clear bits', async () => {
    await r.set('k', bytes(0xff, 0xf0, 0x00));
    expect(await r.bitpos('k', 0)).toBe(12);
    await r.set('k', bytes(0x00, 0xff, 0xf0));
    expect(await r.bitpos('k', 1, 0)).toBe(8);
    expect(await r.bitpos('k', 1, 2)).toBe(16);
    expect(await r.call('BITPOS', 'k', '1', '2', '-1', 'BYTE')).toBe(16);
    expect(await r.call('BITPOS', 'k', '1', '7', '15', 'BIT')).toBe(8);
    expect(await r.call('BITPOS', 'k', '0', '8', '19', 'BIT')).toBe(-1);
    expect(await r.call('BITPOS', 'k', '0', '8', '20', 'bit')).toBe(20);
    expect(await r.call('BITPOS', 'k', '0', '9', '9', 'BIT')).toBe(-1);
    expect(await r.call('BITPOS', 'k', '1', '3', '-1', 'BIT')).toBe(8);
    expect(await r.call('BITPOS', 'k', '1', '1', '6', 'BIT')).toBe(-1);
    expect(await r.bitpos('k', 1, 3)).toBe(-1);
    expect(await r.bitpos('k', 0, 1, 1)).toBe(-1);
  });

  it('clear bits past the end: only without an explicit end', async () => {
    await r.set('k', bytes(0xff, 0xff));
    expect(await r.bitpos('k', 0)).toBe(16);
    expect(await r.bitpos('k', 0, 1)).toBe(16);
    expect(await r.bitpos('k', 0, 0, -1)).toBe(-1);
    expect(await r.bitpos('k', 1)).toBe(0);
    expect(await r.bitpos('nokey', 0)).toBe(0);
    expect(await r.bitpos('nokey', 1)).toBe(-1);
    await r.set('e', '');
    expect(await r.bitpos('e', 0)).toBe(-1);
    expect(await r.bitpos('e', 1)).toBe(-1);
  });

  it('argument errors', async () => {
    await r.set('k', 'x');
    expect(await err(r.call('BITPOS', 'k', '2'))).toBe('ERR The bit argument must be 1 or 0.');
    expect(await err(r.call('BITPOS', 'nokey', '-1'))).toBe('ERR The bit argument must be 1 or 0.');
    expect(await err(r.call('BITPOS', 'k', 'x'))).toBe(NOT_INT);
    expect(await r.call('BITPOS', 'nokey', '1', 'x', 'y', 'z')).toBe(-1);
    expect(await err(r.call('BITPOS', 'k', '1', 'x'))).toBe(NOT_INT);
    expect(await err(r.call('BITPOS', 'k', '1', '0', 'y', 'z'))).toBe(SYNTAX); // the unit is checked before the end
    expect(await err(r.call('BITPOS', 'k', '1', '0', 'y', 'BIT'))).toBe(NOT_INT);
    expect(await err(r.call('BITPOS', 'k', '1', '0', '1', 'BIT', 'x'))).toBe(SYNTAX);
    db0().setKey('h', hash());
    expect(await err(r.call('BITPOS', 'h', '1'))).toBe(WRONGTYPE);
  });
});

describe('BITOP', () => {
  it('AND / OR / XOR / NOT with zero padding', async () => {
    await r.set('a', bytes(0xff, 0x0f, 0x01));
    await r.set('b', bytes(0xf0, 0xff));
    expect(await r.bitop('AND', 'd', 'a', 'b')).toBe(3);
    expect((await r.getBuffer('d'))?.equals(bytes(0xf0, 0x0f, 0x00))).toBe(true);
    expect(await r.bitop('OR', 'd', 'a', 'b')).toBe(3);
    expect((await r.getBuffer('d'))?.equals(bytes(0xff, 0xff, 0x01))).toBe(true);
    expect(await r.bitop('XOR', 'd', 'a', 'b', 'nokey')).toBe(3);
    expect((await r.getBuffer('d'))?.equals(bytes(0x0f, 0xf0, 0x01))).toBe(true);
    expect(await r.bitop('NOT', 'd', 'a')).toBe(3);
    expect((await r.getBuffer('d'))?.equals(bytes(0x00, 0xf0, 0xfe))).toBe(true);
    expect(await r.bitop('and', 'd', 'a', 'nokey')).toBe(3);
    expect((await r.getBuffer('d'))?.equals(bytes(0, 0, 0))).toBe(true);
    expect(await r.bitop('or', 'a', 'a', 'a')).toBe(3); // destination may be a source
  });

  it('an all-empty result deletes the destination and drops its TTL otherwise', async () => {
    await r.set('d', 'x');
    await r.set('a', 'y');
    events = [];
    expect(await r.bitop('OR', 'd', 'no1', 'no2')).toBe(0);
    expect(await r.exists('d')).toBe(0);
    expect(await r.bitop('OR', 'd', 'no1', 'no2')).toBe(0); // nothing to delete: no event
    await r.set('d', 'x');
    db0().setExpire('d', s.clock.now() + 10_000);
    events = [];
    await r.bitop('NOT', 'd', 'a');
    expect(db0().getExpire('d')).toBe(-1);
    expect(events).toEqual(['$ set d']);
  });

  it('errors', async () => {
    expect(await err(r.call('BITOP', 'NAND', 'd', 'a'))).toBe(SYNTAX);
    expect(await err(r.call('BITOP', 'NOT', 'd', 'a', 'b'))).toBe('ERR BITOP NOT must be called with a single source key.');
    db0().setKey('h', hash());
    expect(await err(r.call('BITOP', 'AND', 'd', 'nokey', 'h'))).toBe(WRONGTYPE);
    expect(await r.exists('d')).toBe(0);
  });
});

describe('BITFIELD', () => {
  it('documented examples', async () => {
    expect(await r.call('BITFIELD', 'mykey', 'INCRBY', 'i5', '100', '1', 'GET', 'u4', '0')).toEqual([1, 0]);
    const seq = [];
    for (let i = 0; i < 4; i++) {
      seq.push(await r.call('BITFIELD', 'k2', 'incrby', 'u2', '100', '1', 'OVERFLOW', 'SAT', 'incrby', 'u2', '102', '1'));
    }
    expect(seq).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
      [0, 3],
    ]);
    expect(await r.call('BITFIELD', 'k3', 'OVERFLOW', 'FAIL', 'incrby', 'u2', '102', '5')).toEqual([null]);
    expect(await r.call('BITFIELD', 'k4', 'SET', 'i8', '#1', '-100', 'GET', 'i8', '8', 'GET', 'u8', '#1')).toEqual([0, -100, 156]);
  });

  it('64-bit fields and overflow at the int64 limits', async () => {
    const max = '9223372036854775807';
    const min = '-9223372036854775808';
    expect(await r.call('BITFIELD', 'k', 'SET', 'i64', '0', max)).toEqual([0]);
    await expect(r.call('BITFIELD', 'k', 'INCRBY', 'i64', '0', '1')).resolves.toEqual([Number(min)]);
    expect((await r.getBuffer('k'))?.[0]).toBe(0x80);
    expect(await r.call('BITFIELD', 'k', 'OVERFLOW', 'FAIL', 'INCRBY', 'i64', '0', '-1')).toEqual([null]);
    expect(await r.call('BITFIELD', 'k', 'OVERFLOW', 'SAT', 'INCRBY', 'i64', '0', '-1', 'GET', 'i64', '0')).toEqual([Number(min), Number(min)]);
    expect(await r.call('BITFIELD', 'u', 'SET', 'u63', '0', max, 'GET', 'u63', '0')).toEqual([0, Number(max)]);
    expect(await r.call('BITFIELD', 'u', 'OVERFLOW', 'SAT', 'SET', 'u8', '0', '-1', 'GET', 'u8', '0')).toEqual([255, 255]);
    expect(await r.call('BITFIELD', 'u', 'OVERFLOW', 'SAT', 'SET', 'i8', '0', min, 'GET', 'i8', '0')).toEqual([-1, 127]);
  });

  it('GET reads zeros past the end and on missing keys; BITFIELD_RO', async () => {
    expect(await r.call('BITFIELD', 'nokey', 'GET', 'u8', '0', 'GET', 'i64', '1000')).toEqual([0, 0]);
    expect(await r.exists('nokey')).toBe(0);
    await r.set('k', 'A');
    expect(await r.call('BITFIELD_RO', 'k', 'GET', 'u8', '0', 'GET', 'u4', '4', 'GET', 'u16', '0')).toEqual([65, 1, 65 * 256]);
    expect(await err(r.call('BITFIELD_RO', 'k', 'GET', 'u8', '0', 'SET', 'u8', '0', '1'))).toBe('ERR BITFIELD_RO only supports the GET subcommand');
    expect(await r.call('BITFIELD', 'k')).toEqual([]);
    expect(await r.call('BITFIELD', 'k', 'OVERFLOW', 'WRAP')).toEqual([]);
  });

  it('argument errors', async () => {
    for (const t of ['i65', 'u64', 'u0', 'i0', 'x8', 'I8', 'U8', 'i', '', 'i-1', 'i 8']) {
      expect(await err(r.call('BITFIELD', 'k', 'GET', t, '0')), t).toBe(BAD_TYPE);
    }
    expect(await r.call('BITFIELD', 'k', 'GET', 'i8\0junk', '0')).toEqual([0]); // the width ends at NUL, as in C
    expect(await err(r.call('BITFIELD', 'k', 'GET', 'i8', '-1'))).toBe(BAD_OFFSET);
    expect(await err(r.call('BITFIELD', 'k', 'GET', 'i8', '#-1'))).toBe(BAD_OFFSET);
    expect(await err(r.call('BITFIELD', 'k', 'GET', 'i8', '4294967296'))).toBe(BAD_OFFSET);
    expect(await err(r.call('BITFIELD', 'k', 'GET', 'i8', '#9223372036854775807'))).toBe(BAD_OFFSET); // wraps negative
    expect(await r.call('BITFIELD', 'k', 'GET', 'i64', '#288230376151711744')).toEqual([0]); // wraps to 0
    expect(await err(r.call('BITFIELD', 'k', 'OVERFLOW', 'MAYBE'))).toBe('ERR Invalid OVERFLOW type specified');
    expect(await err(r.call('BITFIELD', 'k', 'FOO'))).toBe(SYNTAX);
    expect(await err(r.call('BITFIELD', 'k', 'GET', 'i8'))).toBe(SYNTAX);
    expect(await err(r.call('BITFIELD', 'k', 'SET', 'i8', '0'))).toBe(SYNTAX);
    expect(await err(r.call('BITFIELD', 'k', 'SET', 'i8', '0', 'x'))).toBe(NOT_INT);
    expect(await err(r.call('BITFIELD', 'k', 'OVERFLOW'))).toBe(SYNTAX);
    db0().setKey('h', hash());
    expect(await err(r.call('BITFIELD', 'h', 'GET', 'u8', '0'))).toBe(WRONGTYPE);
    expect(await err(r.call('BITFIELD', 'h', 'GET', 'x8', '0'))).toBe(BAD_TYPE); // parsed before the lookup
  });

  it('dirty counts changed fields; a FAIL-only write still creates the key', async () => {
    const d0 = s.server.dirty;
    expect(await r.call('BITFIELD', 'k', 'OVERFLOW', 'FAIL', 'INCRBY', 'u2', '0', '5')).toEqual([null]);
    expect(await r.get('k')).toBe('\0');
    expect(s.server.dirty - d0).toBe(0);
    expect(propagated).toEqual([]);
    await r.call('BITFIELD', 'k', 'SET', 'u8', '0', '0'); // unchanged
    expect(s.server.dirty - d0).toBe(0);
    await r.call('BITFIELD', 'k', 'SET', 'u8', '0', '1', 'SET', 'u8', '8', '0'); // change + growth
    expect(s.server.dirty - d0).toBe(2);
    expect(events).toEqual(['$ setbit k']);
  });
});

/* ---------- byte-for-byte against a real redis-server ---------- */

describe.runIf(shouldRunWith('redis-server'))('bitmaps: raw replies identical to redis-server', () => {
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

  it('random command sequences (seeded)', async () => {
    const key = fc.constantFrom('a', 'b', 'c');
    const val = fc.uint8Array({ maxLength: 10 }).map((u) => Buffer.from(u).toString('latin1'));
    const idx = fc.oneof(
      fc.integer({ min: -90, max: 90 }).map(String),
      fc.constantFrom('9223372036854775807', '-9223372036854775808', 'x', '1.5', '+1', ''),
    );
    const unit = fc.constantFrom('BIT', 'BYTE', 'bit', 'x');
    const i64 = fc.oneof(
      fc.integer({ min: -300, max: 300 }).map(String),
      fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map(String),
      fc.constantFrom('9223372036854775807', '-9223372036854775808', 'x'),
    );
    const ftype = fc.oneof(
      fc.tuple(fc.constantFrom('i', 'u'), fc.integer({ min: 1, max: 64 })).map(([a, b]) => a + b),
      fc.constantFrom('i0', 'u64', 'i65', 'I8', 'i8\0x'),
    );
    const foff = fc.oneof(
      fc.integer({ min: 0, max: 100 }).map(String),
      fc.integer({ min: 0, max: 12 }).map((n) => '#' + n),
      fc.constantFrom('-1', '4294967296', '#9223372036854775807'),
    );
    const fop = fc.oneof(
      fc.tuple(ftype, foff).map(([t, o]) => ['GET', t, o]),
      fc.tuple(fc.constantFrom('SET', 'INCRBY'), ftype, foff, i64).map(([c, t, o, v]) => [c, t, o, v]),
      fc.constantFrom('WRAP', 'SAT', 'FAIL', 'bad').map((m) => ['OVERFLOW', m]),
    );
    const cmd: fc.Arbitrary<string[]> = fc.oneof(
      fc.tuple(key, val).map(([k, v]) => ['SET', k, v]),
      fc.tuple(key, fc.integer({ min: 0, max: 90 }), fc.constantFrom('0', '1')).map(([k, o, v]) => ['SETBIT', k, String(o), v]),
      fc.tuple(key, fc.integer({ min: 0, max: 90 })).map(([k, o]) => ['GETBIT', k, String(o)]),
      fc.tuple(key, fc.array(fc.oneof(idx, unit), { maxLength: 4 })).map(([k, a]) => ['BITCOUNT', k, ...a]),
      fc.tuple(key, idx, idx, unit).map(([k, st, e, u]) => ['BITCOUNT', k, st, e, u]),
      fc.tuple(key, fc.constantFrom('0', '1', '2'), fc.array(fc.oneof(idx, unit), { maxLength: 4 })).map(([k, b, a]) => ['BITPOS', k, b, ...a]),
      fc.tuple(key, fc.constantFrom('0', '1'), idx, idx, unit).map(([k, b, st, e, u]) => ['BITPOS', k, b, st, e, u]),
      fc.tuple(key, fc.array(fop, { maxLength: 4 })).map(([k, ops]) => ['BITFIELD', k, ...ops.flat()]),
      fc.tuple(key, fc.array(fop, { maxLength: 3 })).map(([k, ops]) => ['BITFIELD_RO', k, ...ops.flat()]),
      fc.tuple(fc.constantFrom('AND', 'or', 'XOR', 'NOT'), key, fc.array(key, { minLength: 1, maxLength: 3 })).map(([o, d, src]) => ['BITOP', o, d, ...src]),
      key.map((k) => ['GET', k]),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(cmd, { maxLength: 20 }), async (lines) => {
        expect(await compare(lines)).toEqual([]);
      }),
      { numRuns: 80, seed: 7001 },
    );
  });
});
