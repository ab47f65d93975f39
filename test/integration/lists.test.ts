/**
 * The list family over the wire (ioredis against an in-process tredis):
 * every command's normal cases and errors, binary elements, RESP2/RESP3
 * null shapes, encodings, COPY, server.dirty, keyspace events and what gets
 * propagated (LMPOP → LPOP key n, BLPOP → LPOP, BLMOVE → LMOVE, ...). The
 * last suite sends a seeded random sequence of list commands to tredis and
 * to a real redis-server and compares the raw replies (skipped without one).
 * Blocking behaviour (waiting, waking, timeouts) is in blocking.test.ts.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { startServer, type TredisServer } from '../../server/index.js';
import { assertTool, shouldRunWith, startRedisServer, type RedisProcess } from '../helpers/redis-server.js';
import { RawClient, escapeBytes } from '../helpers/resp.js';
import { mulberry32 } from '../compat/generator.js';

const WRONGTYPE = 'WRONGTYPE Operation against a key holding the wrong kind of value';
const SYNTAX = 'ERR syntax error';
const NOT_INT = 'ERR value is not an integer or out of range';

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
  propagated = [];
  events = [];
});

function err(p: Promise<unknown>): Promise<string> {
  return p.then(
    () => 'no error',
    (e: Error) => e.message,
  );
}

describe('pushes, lengths, ranges', () => {
  it('LPUSH/RPUSH create the list, reply the new length, keep order', async () => {
    expect(await r.lpush('l', 'a')).toBe(1);
    expect(await r.lpush('l', 'b', 'c')).toBe(3);
    expect(await r.rpush('l', 'd', 'e')).toBe(5);
    expect(await r.lrange('l', 0, -1)).toEqual(['c', 'b', 'a', 'd', 'e']);
    expect(await r.llen('l')).toBe(5);
    expect(await r.llen('nokey')).toBe(0);
    expect(await r.type('l')).toBe('list');
    expect(await r.call('OBJECT', 'ENCODING', 'l')).toBe('quicklist');
  });

  it('LPUSHX/RPUSHX only touch existing lists', async () => {
    expect(await r.lpushx('l', 'a')).toBe(0);
    expect(await r.rpushx('l', 'a', 'b')).toBe(0);
    expect(await r.exists('l')).toBe(0);
    await r.rpush('l', 'm');
    expect(await r.lpushx('l', 'h1', 'h2')).toBe(3);
    expect(await r.rpushx('l', 't')).toBe(4);
    expect(await r.lrange('l', 0, -1)).toEqual(['h2', 'h1', 'm', 't']);
  });

  it('stores every byte 0..255, empty elements and big elements', async () => {
    const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const big = Buffer.alloc(100000, 0xab);
    await r.rpush('l', all, '', big);
    const got = await r.lrangeBuffer('l', 0, -1);
    expect(got[0].equals(all)).toBe(true);
    expect(got[1].length).toBe(0);
    expect(got[2].equals(big)).toBe(true);
    expect((await r.lindexBuffer('l', 0))?.equals(all)).toBe(true);
  });

  it('LRANGE clamps indexes as Redis does', async () => {
    await r.rpush('l', ...'0123456789'.split(''));
    expect(await r.lrange('l', -3, -1)).toEqual(['7', '8', '9']);
    expect(await r.lrange('l', -100, 1)).toEqual(['0', '1']);
    expect(await r.lrange('l', 8, 100)).toEqual(['8', '9']);
    expect(await r.lrange('l', 5, 2)).toEqual([]);
    expect(await r.lrange('l', '-9223372036854775808', '9223372036854775807')).toHaveLength(10);
    expect(await r.lrange('nokey', 0, -1)).toEqual([]);
    expect(await err(r.lrange('nokey', 'x' as unknown as number, 1))).toBe(NOT_INT);
  });

  it('every list command answers WRONGTYPE on another type', async () => {
    await r.set('s', 'v');
    for (const args of [
      ['LPUSH', 's', 'a'],
      ['RPUSHX', 's', 'a'],
      ['LLEN', 's'],
      ['LRANGE', 's', '0', '1'],
      ['LINDEX', 's', '0'],
      ['LSET', 's', '0', 'x'],
      ['LPOP', 's'],
      ['RPOP', 's', '2'],
      ['LINSERT', 's', 'BEFORE', 'a', 'b'],
      ['LREM', 's', '0', 'a'],
      ['LTRIM', 's', '0', '1'],
      ['LPOS', 's', 'a'],
      ['LMOVE', 's', 'd', 'LEFT', 'LEFT'],
      ['RPOPLPUSH', 's', 'd'],
      ['LMPOP', '1', 's', 'LEFT'],
      ['BLPOP', 's', '0'],
      ['BRPOP', 'nokey', 's', '0'],
      ['BLMOVE', 's', 'd', 'LEFT', 'LEFT', '0'],
      ['BRPOPLPUSH', 's', 'd', '0'],
      ['BLMPOP', '0', '1', 's', 'LEFT'],
    ]) {
      expect(await err(r.call(args[0], ...args.slice(1))), args.join(' ')).toBe(WRONGTYPE);
    }
    // The destination's type is only checked when there is something to move.
    await r.rpush('l', 'x');
    expect(await err(r.lmove('l', 's', 'LEFT', 'LEFT'))).toBe(WRONGTYPE);
    expect(await r.lrange('l', 0, -1)).toEqual(['x']);
    expect(await r.lmove('nokey', 's', 'LEFT', 'LEFT')).toBeNull();
  });
});

describe('index access and in-place edits', () => {
  it('LINDEX and LSET with negative and out-of-range indexes', async () => {
    await r.rpush('l', 'a', 'b', 'c');
    expect(await r.lindex('l', -1)).toBe('c');
    expect(await r.lindex('l', 3)).toBeNull();
    expect(await r.lindex('nokey', 0)).toBeNull();
    expect(await r.lset('l', -3, 'A')).toBe('OK');
    expect(await err(r.lset('l', 3, 'x'))).toBe('ERR index out of range');
    expect(await err(r.lset('nokey', 0, 'x'))).toBe('ERR no such key');
    expect(await err(r.lset('l', 'x' as unknown as number, 'y'))).toBe(NOT_INT);
    expect(await r.lrange('l', 0, -1)).toEqual(['A', 'b', 'c']);
  });

  it('LINSERT before/after the first pivot, -1 without pivot, 0 without key', async () => {
    await r.rpush('l', 'a', 'b', 'a');
    expect(await r.linsert('l', 'BEFORE', 'a', 'x')).toBe(4);
    expect(await r.linsert('l', 'AFTER', 'a', 'y')).toBe(5);
    expect(await r.linsert('l', 'AFTER', 'zz', 'y')).toBe(-1);
    expect(await r.linsert('nokey', 'AFTER', 'a', 'y')).toBe(0);
    expect(await err(r.call('LINSERT', 'l', 'MIDDLE', 'a', 'y'))).toBe(SYNTAX);
    expect(await r.lrange('l', 0, -1)).toEqual(['x', 'a', 'y', 'b', 'a']);
  });

  it('LREM from the head, from the tail, all; deletes the emptied key', async () => {
    await r.rpush('l', 'a', 'b', 'a', 'c', 'a');
    expect(await r.lrem('l', 1, 'a')).toBe(1);
    expect(await r.lrange('l', 0, -1)).toEqual(['b', 'a', 'c', 'a']);
    expect(await r.lrem('l', -1, 'a')).toBe(1);
    expect(await r.lrange('l', 0, -1)).toEqual(['b', 'a', 'c']);
    expect(await r.lrem('l', 0, 'zz')).toBe(0);
    await r.rpush('l2', 'a', 'a');
    expect(await r.lrem('l2', 0, 'a')).toBe(2);
    expect(await r.exists('l2')).toBe(0);
  });

  it('LTRIM keeps a range and deletes the key when nothing is left', async () => {
    await r.rpush('l', ...'0123456789'.split(''));
    expect(await r.ltrim('l', 2, -3)).toBe('OK');
    expect(await r.lrange('l', 0, -1)).toEqual(['2', '3', '4', '5', '6', '7']);
    expect(await r.ltrim('l', 4, 1)).toBe('OK');
    expect(await r.exists('l')).toBe(0);
    expect(await r.ltrim('nokey', 0, 1)).toBe('OK');
  });

  it('LPOS with RANK, COUNT and MAXLEN', async () => {
    await r.rpush('l', 'a', 'b', 'c', 'a', 'd', 'a');
    expect(await r.lpos('l', 'a')).toBe(0);
    expect(await r.lpos('l', 'a', 'RANK', -1)).toBe(5);
    expect(await r.lpos('l', 'a', 'RANK', 2)).toBe(3);
    expect(await r.lpos('l', 'a', 'COUNT', 0)).toEqual([0, 3, 5]);
    expect(await r.lpos('l', 'a', 'RANK', -1, 'COUNT', 2)).toEqual([5, 3]);
    expect(await r.lpos('l', 'a', 'COUNT', 0, 'MAXLEN', 4)).toEqual([0, 3]);
    expect(await r.lpos('l', 'zz')).toBeNull();
    expect(await r.lpos('l', 'zz', 'COUNT', 1)).toEqual([]);
    expect(await r.lpos('nokey', 'a', 'COUNT', 1)).toEqual([]);
    expect(await err(r.lpos('l', 'a', 'RANK', 0))).toMatch(/^ERR RANK can't be zero/);
    expect(await err(r.lpos('l', 'a', 'COUNT', -1))).toBe("ERR COUNT can't be negative");
    expect(await err(r.lpos('l', 'a', 'MAXLEN', -1))).toBe("ERR MAXLEN can't be negative");
    // 7.0.15: -LONG_MIN overflows to itself, so this is "first match from the tail, no COUNT limit".
    expect(await r.call('LPOS', 'l', 'a', 'RANK', '-9223372036854775808')).toBe(5);
    expect(await r.call('LPOS', 'l', 'a', 'RANK', '-9223372036854775808', 'COUNT', '1')).toEqual([5, 3, 0]);
  });
});

describe('pops and moves', () => {
  it('LPOP/RPOP with and without count, in RESP2 null shapes', async () => {
    await r.rpush('l', 'a', 'b', 'c', 'd');
    expect(await r.lpop('l')).toBe('a');
    expect(await r.rpop('l')).toBe('d');
    expect(await r.call('LPOP', 'l', '0')).toEqual([]);
    expect(await r.call('RPOP', 'l', '5')).toEqual(['c', 'b']);
    expect(await r.exists('l')).toBe(0);
    expect(await r.lpop('l')).toBeNull();
    expect(await r.call('LPOP', 'l', '1')).toBeNull();
    expect(await r.call('LPOP', 'l', '0')).toBeNull();
    expect(await err(r.call('LPOP', 'l', '-1'))).toBe('ERR value is out of range, must be positive');
    expect(await err(r.call('LPOP', 'l', '1', '2'))).toBe("ERR wrong number of arguments for 'lpop' command");
  });

  it('RESP3: missing keys are nulls whatever the shape', async () => {
    const raw = await RawClient.connect(s.port);
    try {
      await raw.command(['HELLO', '3']);
      const t = async (...argv: string[]) => (await raw.command(argv)).toString('latin1');
      expect(await t('LPOP', 'nokey')).toBe('_\r\n');
      expect(await t('LPOP', 'nokey', '2')).toBe('_\r\n');
      expect(await t('LMPOP', '1', 'nokey', 'LEFT')).toBe('_\r\n');
      expect(await t('LPOS', 'nokey', 'a')).toBe('_\r\n');
      expect(await t('BLPOP', 'nokey', '0.01')).toBe('_\r\n');
      expect(await t('BLMOVE', 'nokey', 'd', 'LEFT', 'LEFT', '0.01')).toBe('_\r\n');
      await t('RPUSH', 'l', 'a', 'b');
      expect(await t('LMPOP', '1', 'l', 'LEFT', 'COUNT', '5')).toBe('*2\r\n$1\r\nl\r\n*2\r\n$1\r\na\r\n$1\r\nb\r\n');
    } finally {
      await raw.close();
    }
  });

  it('LMOVE/RPOPLPUSH between lists and onto the same list', async () => {
    await r.rpush('src', 'a', 'b', 'c');
    expect(await r.lmove('src', 'dst', 'LEFT', 'RIGHT')).toBe('a');
    expect(await r.lmove('src', 'dst', 'RIGHT', 'LEFT')).toBe('c');
    expect(await r.rpoplpush('src', 'dst')).toBe('b');
    expect(await r.exists('src')).toBe(0);
    expect(await r.lrange('dst', 0, -1)).toEqual(['b', 'c', 'a']);
    expect(await r.lmove('dst', 'dst', 'LEFT', 'RIGHT')).toBe('b');
    expect(await r.lrange('dst', 0, -1)).toEqual(['c', 'a', 'b']);
    await r.rpush('one', 'x');
    expect(await r.rpoplpush('one', 'one')).toBe('x');
    expect(await r.lrange('one', 0, -1)).toEqual(['x']);
    expect(await err(r.call('LMOVE', 'dst', 'x', 'UP', 'LEFT'))).toBe(SYNTAX);
  });

  it('LMPOP pops from the first non-empty key, with its argument errors', async () => {
    await r.rpush('b', '1', '2', '3');
    expect(await r.call('LMPOP', '2', 'a', 'b', 'RIGHT', 'COUNT', '2')).toEqual(['b', ['3', '2']]);
    expect(await r.call('LMPOP', '2', 'a', 'b', 'LEFT')).toEqual(['b', ['1']]);
    expect(await r.call('LMPOP', '2', 'a', 'b', 'LEFT')).toBeNull();
    expect(await err(r.call('LMPOP', '0', 'a', 'LEFT'))).toBe('ERR numkeys should be greater than 0');
    expect(await err(r.call('LMPOP', '2', 'a', 'LEFT'))).toBe(SYNTAX);
    expect(await err(r.call('LMPOP', '1', 'a', 'LEFT', 'COUNT', '0'))).toBe('ERR count should be greater than 0');
    expect(await err(r.call('LMPOP', '1', 'a', 'LEFT', 'COUNT', '1', 'COUNT', '1'))).toBe(SYNTAX);
  });

  it('COPY makes an independent list', async () => {
    await r.rpush('l', 'a', 'b');
    await r.copy('l', 'c');
    await r.rpush('c', 'x');
    expect(await r.lrange('l', 0, -1)).toEqual(['a', 'b']);
    expect(await r.lrange('c', 0, -1)).toEqual(['a', 'b', 'x']);
  });
});

describe('dirty, keyspace events, propagation', () => {
  it('counts changes and fires Redis events, with del when a list empties', async () => {
    const d0 = s.server.dirty;
    await r.rpush('l', 'a', 'b', 'c');
    expect(s.server.dirty - d0).toBe(3);
    await r.call('LPOP', 'l', '2');
    expect(s.server.dirty - d0).toBe(5);
    await r.lmove('l', 'm', 'LEFT', 'LEFT');
    expect(s.server.dirty - d0).toBe(6);
    await r.lpush('m', 'x');
    await r.lset('m', 0, 'y');
    await r.linsert('m', 'AFTER', 'y', 'z');
    await r.lrem('m', 1, 'z');
    await r.ltrim('m', 0, 0);
    await r.ltrim('m', 5, 1);
    expect(events).toEqual([
      'l rpush l',
      'l lpop l',
      'l lpush m',
      'l lpop l',
      'g del l',
      'l lpush m',
      'l lset m',
      'l linsert m',
      'l lrem m',
      'l ltrim m',
      'l ltrim m',
      'g del m',
    ]);
  });

  it('propagates pops as Redis 7.0 does', async () => {
    await r.rpush('l', 'a', 'b', 'c', 'd', 'e', 'f');
    propagated = [];
    await r.call('LMPOP', '2', 'nokey', 'l', 'LEFT', 'COUNT', '2');
    await r.blpop('l', 0);
    await r.brpop('l', 0);
    await r.call('BLMPOP', '0', '1', 'l', 'RIGHT', 'COUNT', '10');
    await r.rpush('l', 'x', 'y');
    await r.call('BLMOVE', 'l', 'm', 'left', 'RIGHT', '0');
    await r.brpoplpush('l', 'm', 0);
    await r.lpop('nokey');
    await r.call('LMPOP', '1', 'nokey', 'LEFT');
    expect(propagated).toEqual([
      ['LPOP', 'l', '2'],
      ['LPOP', 'l'],
      ['RPOP', 'l'],
      ['RPOP', 'l', '2'],
      ['rpush', 'l', 'x', 'y'],
      ['LMOVE', 'l', 'm', 'left', 'RIGHT'],
      ['RPOPLPUSH', 'l', 'm'],
    ]);
  });

  it('MEMORY USAGE and DEBUG OBJECT see a quicklist', async () => {
    await r.rpush('l', 'a');
    expect(await r.call('MEMORY', 'USAGE', 'l')).toBe(144);
    expect(await r.call('DEBUG', 'OBJECT', 'l')).toMatch(/encoding:quicklist/);
  });
});

/** A seeded random command over a few list keys (and one string, for WRONGTYPE). */
function randomListCommand(rnd: () => number): string[] {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const keys = ['l1', 'l2', 'l3', 'str', 'nokey'];
  const vals = ['a', 'b', 'c', '', '1', '-7', '\x00\xff', 'x'.repeat(70)];
  const idx = () => pick(['0', '1', '2', '-1', '-2', '5', '-5', '100', '-100', '9223372036854775807', '-9223372036854775808', 'x']);
  const k = () => pick(keys);
  const side = () => pick(['LEFT', 'RIGHT', 'left', 'right', 'up']);
  const n = () => pick(['0', '1', '2', '3', '10', '-1', 'x']);
  switch (Math.floor(rnd() * 21)) {
    case 0:
    case 1:
      return ['RPUSH', k(), ...Array.from({ length: 1 + Math.floor(rnd() * 4) }, () => pick(vals))];
    case 2:
      return ['LPUSH', k(), ...Array.from({ length: 1 + Math.floor(rnd() * 4) }, () => pick(vals))];
    case 3:
      return [pick(['LPUSHX', 'RPUSHX']), k(), pick(vals)];
    case 4:
      return rnd() < 0.5 ? [pick(['LPOP', 'RPOP']), k()] : [pick(['LPOP', 'RPOP']), k(), n()];
    case 5:
      return ['LRANGE', k(), idx(), idx()];
    case 6:
      return ['LINDEX', k(), idx()];
    case 7:
      return ['LSET', k(), idx(), pick(vals)];
    case 8:
      return ['LINSERT', k(), pick(['BEFORE', 'AFTER', 'after', 'x']), pick(vals), pick(vals)];
    case 9:
      return ['LREM', k(), pick(['0', '1', '-1', '2', '-2', 'x']), pick(vals)];
    case 10:
      return ['LTRIM', k(), idx(), idx()];
    case 11: {
      const argv = ['LPOS', k(), pick(vals)];
      for (let i = Math.floor(rnd() * 3); i > 0; i--) argv.push(pick(['RANK', 'COUNT', 'MAXLEN']), pick(['0', '1', '2', '-1', '-2', 'x']));
      return argv;
    }
    case 12:
      return ['LMOVE', k(), k(), side(), side()];
    case 13:
      return ['RPOPLPUSH', k(), k()];
    case 14: {
      const nk = 1 + Math.floor(rnd() * 3);
      const argv = ['LMPOP', pick([String(nk), String(nk), '0', 'x']), ...Array.from({ length: nk }, k), side()];
      if (rnd() < 0.5) argv.push('COUNT', n());
      return argv;
    }
    case 15:
      return [pick(['BLPOP', 'BRPOP']), k(), k(), '0.01'];
    case 16:
      return ['BLMOVE', k(), k(), side(), side(), '0.01'];
    case 17:
      return ['BLMPOP', '0.01', '2', k(), k(), side(), 'COUNT', pick(['1', '2', '5'])];
    case 18:
      return ['LLEN', k()];
    case 19:
      return ['SET', 'str', 'v'];
    default:
      return ['DEL', k()];
  }
}

describe.runIf(shouldRunWith('redis-server'))('lists: random commands against redis-server', () => {
  let redis: RedisProcess | undefined;

  beforeAll(async () => {
    assertTool('redis-server');
    redis = await startRedisServer();
  });

  afterAll(async () => {
    await redis?.stop();
  });

  for (const [seed, proto] of [
    [1, 2],
    [2, 2],
    [3, 3],
  ] as const) {
    it(`seed ${seed}, RESP${proto}: byte-identical replies`, async () => {
      if (!redis) throw new Error('redis-server not started');
      const a = await RawClient.connect(redis.port);
      const b = await RawClient.connect(s.port);
      try {
        await Promise.all([a.command(['FLUSHALL']), b.command(['FLUSHALL'])]);
        if (proto === 3) await Promise.all([a.command(['HELLO', '3']), b.command(['HELLO', '3'])]);
        const rnd = mulberry32(seed);
        const history: string[] = [];
        for (let step = 0; step < 600; step++) {
          const argv = randomListCommand(rnd);
          history.push(escapeBytes(argv.join(' ')));
          const [x, y] = await Promise.all([a.command(argv), b.command(argv)]);
          if (!x.equals(y)) {
            throw new Error(
              `seed ${seed} step ${step}: ${history.slice(-8).join('\n  ')}\n  redis:  ${escapeBytes(x)}\n  tredis: ${escapeBytes(y)}`,
            );
          }
        }
        // The final contents agree too.
        for (const k of ['l1', 'l2', 'l3']) {
          const [x, y] = await Promise.all([a.command(['LRANGE', k, '0', '-1']), b.command(['LRANGE', k, '0', '-1'])]);
          expect(escapeBytes(y, 5000)).toBe(escapeBytes(x, 5000));
        }
      } finally {
        await Promise.all([a.close(), b.close()]);
      }
    });
  }
});
