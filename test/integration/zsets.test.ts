/**
 * The sorted-set family over the wire (ioredis and raw RESP against an
 * in-process tredis): every command's normal cases and error texts,
 * listpack/skiplist encodings and their conversions under CONFIG SET
 * thresholds, RESP3 reply shapes (doubles, [member, score] pairs), the
 * blocking pops (served, timed out, inside MULTI, wrong types on a re-run),
 * server.dirty, keyspace events and propagation, a 100 000-member
 * leaderboard checked against a sorted model, and a seeded random sequence
 * of sorted-set commands compared byte for byte with a real redis-server
 * (skipped without one; ZSETS_SEEDS=4,5 ZSETS_STEPS=5000 run other or
 * longer sequences).
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { startServer, type TredisServer } from '../../server/index.js';
import { assertTool, shouldRunWith, startRedisServer, type RedisProcess } from '../helpers/redis-server.js';
import { RawClient, escapeBytes } from '../helpers/resp.js';
import { repliesMatch } from '../compat/compare.js';
import { ZSetValue } from '../../datatypes/zset.js';

const WRONGTYPE = 'WRONGTYPE Operation against a key holding the wrong kind of value';
const SYNTAX = 'ERR syntax error';
const NOT_INT = 'ERR value is not an integer or out of range';
const NOT_FLOAT = 'ERR value is not a valid float';

let s: TredisServer;
let r: Redis;
let propagated: string[][];
let events: string[];
const opened: Redis[] = [];

beforeAll(async () => {
  s = await startServer({ port: 0, 'enable-debug-command': 'yes' });
  s.server.propagationListeners.push((_db, argv) => propagated.push(argv));
  s.server.notifyKeyspaceEvent = (type, event, key) => {
    events.push(`${type} ${event} ${key}`);
  };
  // RESP2, so flat WITHSCORES replies are what r.call() gets (RESP3 shapes are checked with raw()).
  r = new Redis(s.port, { protocol: 2 });
});

afterAll(async () => {
  await r.quit();
  await s.close();
});

beforeEach(() => {
  for (const db of s.server.dbs) db.clear();
  s.server.config.setMany([
    ['zset-max-listpack-entries', '128'],
    ['zset-max-listpack-value', '64'],
  ]);
  propagated = [];
  events = [];
});

afterEach(async () => {
  await Promise.all(opened.splice(0).map((c) => c.quit().catch(() => c.disconnect())));
});

function err(p: Promise<unknown>): Promise<string> {
  return p.then(
    () => 'no error',
    (e: Error) => e.message,
  );
}

const encoding = (key: string): Promise<unknown> => r.call('OBJECT', 'ENCODING', key);

/** A second connection, closed after the test. */
async function conn(): Promise<Redis> {
  const c = new Redis(s.port, { protocol: 2 });
  opened.push(c);
  await c.ping();
  return c;
}

async function waitBlocked(n: number): Promise<void> {
  const until = Date.now() + 2000;
  while (s.server.blocking.blockedCount !== n) {
    if (Date.now() > until) throw new Error(`expected ${n} blocked clients`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Raw reply bytes of one command, in RESP2 or RESP3. */
async function raw(argvs: string[][], proto = 2): Promise<string[]> {
  const c = await RawClient.connect(s.port);
  try {
    if (proto === 3) await c.command(['HELLO', '3']);
    const out: string[] = [];
    for (const argv of argvs) out.push((await c.command(argv)).toString('latin1'));
    return out;
  } finally {
    await c.close();
  }
}

describe('ZADD / ZINCRBY', () => {
  it('adds, updates and counts as ZADD does', async () => {
    expect(await r.zadd('z', 1, 'a', 2, 'b')).toBe(2);
    expect(await r.zadd('z', 3, 'a', 4, 'c')).toBe(1);
    expect(await r.call('ZADD', 'z', 'CH', '3', 'a', '5', 'b', '6', 'd')).toBe(2);
    expect(await r.zrange('z', 0, -1, 'WITHSCORES')).toEqual(['a', '3', 'c', '4', 'b', '5', 'd', '6']);
    // Duplicates in one call: the last score wins, one member added.
    expect(await r.zadd('dup', 1, 'x', 2, 'x')).toBe(1);
    expect(await r.zscore('dup', 'x')).toBe('2');
  });

  it('NX, XX, GT, LT and CH', async () => {
    await r.zadd('z', 5, 'a');
    expect(await r.call('ZADD', 'z', 'NX', '1', 'a', '1', 'b')).toBe(1);
    expect(await r.zscore('z', 'a')).toBe('5');
    expect(await r.call('ZADD', 'z', 'XX', '7', 'a', '1', 'c')).toBe(0);
    expect(await r.zscore('z', 'a')).toBe('7');
    expect(await r.zscore('z', 'c')).toBeNull();
    expect(await r.call('ZADD', 'z', 'GT', 'CH', '6', 'a', '8', 'b')).toBe(1);
    expect(await r.zmscore('z', 'a', 'b')).toEqual(['7', '8']);
    expect(await r.call('ZADD', 'z', 'LT', 'CH', '9', 'a', '0', 'b')).toBe(1);
    expect(await r.zmscore('z', 'a', 'b')).toEqual(['7', '0']);
    // GT/LT do not stop new members.
    expect(await r.call('ZADD', 'z', 'GT', '1', 'new')).toBe(1);
    expect(await r.call('ZADD', 'nokey', 'XX', '1', 'a')).toBe(0);
    expect(await r.exists('nokey')).toBe(0);
  });

  it('INCR replies the new score, or nil when nothing happened', async () => {
    expect(await r.call('ZADD', 'z', 'INCR', '1.5', 'a')).toBe('1.5');
    expect(await r.call('ZADD', 'z', 'INCR', '1', 'a')).toBe('2.5');
    expect(await r.call('ZADD', 'z', 'NX', 'INCR', '1', 'a')).toBeNull();
    expect(await r.call('ZADD', 'z', 'XX', 'INCR', '1', 'nope')).toBeNull();
    expect(await r.call('ZADD', 'z', 'GT', 'INCR', '-1', 'a')).toBeNull();
    expect(await r.call('ZADD', 'nokey', 'XX', 'INCR', '1', 'a')).toBeNull();
    expect(await r.zincrby('z', 0.1, 'a')).toBe('2.6000000000000001');
    expect(await r.zincrby('z', '1e308', 'big')).toBe('1e+308');
    expect(await r.zincrby('z', 'inf', 'i')).toBe('inf');
    expect(await err(r.zincrby('z', '-inf', 'i'))).toBe('ERR resulting score is not a number (NaN)');
    expect(await r.zscore('z', 'i')).toBe('inf');
  });

  it('rejects bad options and scores with Redis texts, before touching the key', async () => {
    await r.set('str', 'v');
    expect(await err(r.call('ZADD', 'z', 'NX', 'XX', '1', 'a'))).toBe('ERR XX and NX options at the same time are not compatible');
    expect(await err(r.call('ZADD', 'z', 'GT', 'LT', '1', 'a'))).toBe('ERR GT, LT, and/or NX options at the same time are not compatible');
    expect(await err(r.call('ZADD', 'z', 'NX', 'GT', '1', 'a'))).toBe('ERR GT, LT, and/or NX options at the same time are not compatible');
    expect(await err(r.call('ZADD', 'z', 'NX', 'LT', '1', 'a'))).toBe('ERR GT, LT, and/or NX options at the same time are not compatible');
    expect(await err(r.call('ZADD', 'z', 'INCR', '1', 'a', '2', 'b'))).toBe('ERR INCR option supports a single increment-element pair');
    expect(await err(r.call('ZADD', 'z', '1', 'a', '2'))).toBe(SYNTAX);
    expect(await err(r.call('ZADD', 'z', 'NX', 'CH', 'XX'))).toBe(SYNTAX);
    expect(await err(r.call('ZADD', 'z', 'nan', 'a'))).toBe(NOT_FLOAT);
    expect(await err(r.call('ZADD', 'z', '1', 'a', 'x', 'b'))).toBe(NOT_FLOAT);
    expect(await err(r.call('ZADD', 'z', ' 1', 'a'))).toBe(NOT_FLOAT);
    expect(await err(r.call('ZADD', 'str', '1', 'a'))).toBe(WRONGTYPE);
    expect(await err(r.call('ZADD', 'str', 'x', 'a'))).toBe(NOT_FLOAT); // scores are checked first
    expect(await err(r.call('ZINCRBY', 'z', 'nx', 'a'))).toBe(SYNTAX); // ZINCRBY reads options too
    expect(await err(r.call('ZADD', 'z', '1'))).toBe("ERR wrong number of arguments for 'zadd' command");
    expect(await r.exists('z')).toBe(0);
  });

  it('accepts every byte in members and Redis float syntax in scores', async () => {
    const m = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    await r.zadd('z', '0x10', m, '-inf', '', '1e-320', 'tiny');
    expect((await r.zrangeBuffer('z', 0, -1)).map((b) => b.toString('latin1'))).toEqual(['', 'tiny', m.toString('latin1')]);
    expect(await r.zscore('z', m)).toBe('16');
    expect(await r.zscore('z', 'tiny')).toBe('9.9998886718268301e-321');
  });
});

describe('lookups: ZSCORE ZMSCORE ZCARD ZRANK ZREVRANK ZCOUNT ZLEXCOUNT', () => {
  it('answers for members, missing members and missing keys', async () => {
    await r.zadd('z', 1, 'a', 2, 'b', 3, 'c');
    expect(await r.zscore('z', 'b')).toBe('2');
    expect(await r.zscore('z', 'x')).toBeNull();
    expect(await r.zscore('nokey', 'x')).toBeNull();
    expect(await r.zmscore('z', 'a', 'x', 'c')).toEqual(['1', null, '3']);
    expect(await r.zmscore('nokey', 'a', 'b')).toEqual([null, null]);
    expect(await r.zcard('z')).toBe(3);
    expect(await r.zcard('nokey')).toBe(0);
    expect(await r.zrank('z', 'c')).toBe(2);
    expect(await r.zrevrank('z', 'c')).toBe(0);
    expect(await r.zrank('z', 'x')).toBeNull();
    expect(await r.zrank('nokey', 'x')).toBeNull();
    expect(await r.zcount('z', '(1', '+inf')).toBe(2);
    expect(await r.zcount('z', '-inf', '(2')).toBe(1);
    expect(await r.zcount('z', '3', '1')).toBe(0);
    expect(await r.zcount('nokey', 0, 1)).toBe(0);
    expect(await err(r.zcount('z', 'a', '1'))).toBe('ERR min or max is not a float');
    await r.zadd('l', 0, 'a', 0, 'b', 0, 'c', 0, 'd');
    expect(await r.zlexcount('l', '-', '+')).toBe(4);
    expect(await r.zlexcount('l', '(a', '[c')).toBe(2);
    expect(await r.zlexcount('l', '[c', '(a')).toBe(0);
    expect(await err(r.zlexcount('l', 'a', '+'))).toBe('ERR min or max not valid string range item');
  });

  it('WRONGTYPE for every command that reads a key', async () => {
    await r.set('str', 'v');
    const cmds: string[][] = [
      ['ZSCORE', 'str', 'a'],
      ['ZMSCORE', 'str', 'a'],
      ['ZCARD', 'str'],
      ['ZRANK', 'str', 'a'],
      ['ZREVRANK', 'str', 'a'],
      ['ZCOUNT', 'str', '0', '1'],
      ['ZLEXCOUNT', 'str', '-', '+'],
      ['ZRANGE', 'str', '0', '-1'],
      ['ZRANGEBYSCORE', 'str', '0', '1'],
      ['ZRANGEBYLEX', 'str', '-', '+'],
      ['ZRANGESTORE', 'd', 'str', '0', '-1'],
      ['ZREM', 'str', 'a'],
      ['ZREMRANGEBYRANK', 'str', '0', '1'],
      ['ZREMRANGEBYSCORE', 'str', '0', '1'],
      ['ZREMRANGEBYLEX', 'str', '-', '+'],
      ['ZINCRBY', 'str', '1', 'a'],
      ['ZPOPMIN', 'str'],
      ['ZPOPMAX', 'str', '2'],
      ['ZMPOP', '1', 'str', 'MIN'],
      ['BZPOPMIN', 'str', '0'],
      ['BZMPOP', '0', '1', 'str', 'MAX'],
      ['ZRANDMEMBER', 'str'],
      ['ZRANDMEMBER', 'str', '2'],
      ['ZSCAN', 'str', '0'],
      ['ZUNION', '1', 'str'],
      ['ZINTERSTORE', 'd', '1', 'str'],
      ['ZDIFF', '2', 'nokey', 'str'],
      ['ZINTERCARD', '1', 'str'],
    ];
    for (const argv of cmds) expect(await err(r.call(argv[0], ...argv.slice(1))), argv.join(' ')).toBe(WRONGTYPE);
  });
});

describe('ZRANGE and the deprecated range commands', () => {
  beforeEach(async () => {
    await r.zadd('z', 1, 'a', 2, 'b', 3, 'c', 4, 'd', 5, 'e');
  });

  it('by rank, with negative indexes and REV', async () => {
    expect(await r.zrange('z', 0, -1)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(await r.zrange('z', -2, 100)).toEqual(['d', 'e']);
    expect(await r.zrange('z', 3, 1)).toEqual([]);
    expect(await r.zrange('z', -100, 0)).toEqual(['a']);
    expect(await r.call('ZRANGE', 'z', '0', '1', 'REV', 'WITHSCORES')).toEqual(['e', '5', 'd', '4']);
    expect(await r.zrevrange('z', 1, 2, 'WITHSCORES')).toEqual(['d', '4', 'c', '3']);
    expect(await r.zrange('nokey', 0, -1)).toEqual([]);
    expect(await r.call('ZRANGE', 'z', '9223372036854775807', '-9223372036854775808')).toEqual([]);
  });

  it('by score, with exclusive ends, infinities and LIMIT', async () => {
    expect(await r.call('ZRANGE', 'z', '(1', '3', 'BYSCORE')).toEqual(['b', 'c']);
    expect(await r.call('ZRANGE', 'z', '+inf', '(3', 'BYSCORE', 'REV', 'WITHSCORES')).toEqual(['e', '5', 'd', '4']);
    expect(await r.call('ZRANGE', 'z', '-inf', '+inf', 'BYSCORE', 'LIMIT', '1', '2')).toEqual(['b', 'c']);
    expect(await r.call('ZRANGE', 'z', '-inf', '+inf', 'BYSCORE', 'LIMIT', '1', '-1')).toEqual(['b', 'c', 'd', 'e']);
    expect(await r.call('ZRANGE', 'z', '-inf', '+inf', 'BYSCORE', 'LIMIT', '-1', '2')).toEqual([]);
    expect(await r.call('ZRANGE', 'z', '-inf', '+inf', 'BYSCORE', 'LIMIT', '5', '2')).toEqual([]);
    expect(await r.zrangebyscore('z', 2, 4, 'WITHSCORES', 'LIMIT', 0, 1)).toEqual(['b', '2']);
    expect(await r.zrevrangebyscore('z', 4, 2)).toEqual(['d', 'c', 'b']);
    expect(await r.call('ZRANGEBYSCORE', 'z', '(3', '(3')).toEqual([]);
  });

  it('by member, when all scores are equal', async () => {
    await r.zadd('l', 0, 'a', 0, 'b', 0, 'c', 0, 'd');
    expect(await r.call('ZRANGE', 'l', '[b', '+', 'BYLEX')).toEqual(['b', 'c', 'd']);
    expect(await r.call('ZRANGE', 'l', '(d', '-', 'BYLEX', 'REV', 'LIMIT', '1', '1')).toEqual(['b']);
    expect(await r.zrangebylex('l', '-', '(c')).toEqual(['a', 'b']);
    expect(await r.zrevrangebylex('l', '[c', '[b')).toEqual(['c', 'b']);
    expect(await r.call('ZRANGEBYLEX', 'l', '+', '-')).toEqual([]);
  });

  it('option errors, in Redis order', async () => {
    expect(await err(r.call('ZRANGE', 'z', '0', '1', 'LIMIT', '0', '1'))).toBe(
      'ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX',
    );
    expect(await err(r.call('ZRANGE', 'z', '[a', '[b', 'BYLEX', 'WITHSCORES'))).toBe('ERR syntax error, WITHSCORES not supported in combination with BYLEX');
    expect(await err(r.call('ZRANGE', 'z', '0', '1', 'BYSCORE', 'LIMIT', '0'))).toBe(SYNTAX);
    expect(await err(r.call('ZRANGE', 'z', '0', '1', 'BYSCORE', 'LIMIT', 'x', '1'))).toBe(NOT_INT);
    expect(await err(r.call('ZRANGE', 'z', 'a', 'b'))).toBe(NOT_INT);
    expect(await err(r.call('ZRANGE', 'z', 'a', 'b', 'BYSCORE'))).toBe('ERR min or max is not a float');
    expect(await err(r.call('ZRANGE', 'z', 'a', 'b', 'BYLEX'))).toBe('ERR min or max not valid string range item');
    expect(await err(r.call('ZREVRANGE', 'z', '0', '1', 'REV'))).toBe(SYNTAX);
    expect(await err(r.call('ZRANGEBYSCORE', 'z', '0', '1', 'BYSCORE'))).toBe(SYNTAX);
    expect(await err(r.call('ZRANGEBYLEX', 'z', '-', '+', 'WITHSCORES'))).toBe('ERR syntax error, WITHSCORES not supported in combination with BYLEX');
    expect(await err(r.call('ZRANGESTORE', 'd', 'z', '0', '1', 'WITHSCORES'))).toBe(SYNTAX);
    expect(await err(r.call('ZRANGE', 'nokey', 'x', '1'))).toBe(NOT_INT); // parsed before the lookup
  });

  it('ZRANGESTORE stores the range, or deletes the destination when it is empty', async () => {
    expect(await r.call('ZRANGESTORE', 'd', 'z', '1', '2', 'BYSCORE', 'REV')).toBe(0);
    expect(await r.call('ZRANGESTORE', 'd', 'z', '2', '1', 'BYSCORE', 'REV')).toBe(2);
    expect(await r.zrange('d', 0, -1, 'WITHSCORES')).toEqual(['a', '1', 'b', '2']);
    await r.set('x', 'v');
    await r.expire('x', 100);
    expect(await r.call('ZRANGESTORE', 'x', 'z', '0', '0')).toBe(1);
    expect(await r.ttl('x')).toBe(-1);
    expect(await r.call('ZRANGESTORE', 'x', 'z', '10', '20')).toBe(0);
    expect(await r.exists('x')).toBe(0);
    expect(await r.call('ZRANGESTORE', 'x', 'nokey', '0', '-1')).toBe(0);
  });
});

describe('removals', () => {
  it('ZREM deletes the key with its last member', async () => {
    await r.zadd('z', 1, 'a', 2, 'b');
    expect(await r.zrem('z', 'a', 'x', 'a')).toBe(1);
    expect(await r.zrem('z', 'b', 'c')).toBe(1);
    expect(await r.exists('z')).toBe(0);
    expect(await r.zrem('z', 'b')).toBe(0);
    expect(events).toEqual(['z zadd z', 'z zrem z', 'z zrem z', 'g del z']);
  });

  it('ZREMRANGEBYRANK / BYSCORE / BYLEX', async () => {
    await r.zadd('z', 1, 'a', 2, 'b', 3, 'c', 4, 'd', 5, 'e');
    expect(await r.zremrangebyrank('z', -2, -1)).toBe(2);
    expect(await r.zremrangebyrank('z', 5, 10)).toBe(0);
    expect(await r.zremrangebyscore('z', '(1', 2)).toBe(1);
    expect(await r.zrange('z', 0, -1)).toEqual(['a', 'c']);
    await r.zadd('l', 0, 'a', 0, 'b', 0, 'c');
    expect(await r.zremrangebylex('l', '[b', '+')).toBe(2);
    expect(await r.zremrangebylex('l', '-', '+')).toBe(1);
    expect(await r.exists('l')).toBe(0);
    expect(await err(r.zremrangebyrank('z', 'a', 1))).toBe(NOT_INT);
    expect(await err(r.zremrangebyscore('z', 'a', 1))).toBe('ERR min or max is not a float');
    expect(await err(r.zremrangebylex('z', 'a', '+'))).toBe('ERR min or max not valid string range item');
    expect(await r.zremrangebyscore('nokey', 0, 1)).toBe(0);
  });
});

describe('pops', () => {
  it('ZPOPMIN / ZPOPMAX with and without a count', async () => {
    await r.zadd('z', 1, 'a', 2, 'b', 3, 'c', 4, 'd');
    expect(await r.zpopmin('z')).toEqual(['a', '1']);
    expect(await r.zpopmax('z', 2)).toEqual(['d', '4', 'c', '3']);
    expect(await r.zpopmin('z', 0)).toEqual([]);
    expect(await r.zpopmin('z', 10)).toEqual(['b', '2']);
    expect(await r.exists('z')).toBe(0);
    expect(await r.zpopmin('z')).toEqual([]);
    expect(await err(r.zpopmin('z', -1))).toBe('ERR value is out of range, must be positive');
    expect(await err(r.call('ZPOPMIN', 'z', 'x'))).toBe('ERR value is out of range, must be positive');
    expect(await err(r.call('ZPOPMIN', 'z', '1', '2'))).toBe(SYNTAX);
  });

  it('ZMPOP pops from the first non-empty key and propagates as ZPOPMIN/ZPOPMAX with the count popped', async () => {
    await r.zadd('z', 1, 'a', 2, 'b', 3, 'c');
    expect(await r.call('ZMPOP', '2', 'nokey', 'z', 'MAX', 'COUNT', '10')).toEqual(['z', [['c', '3'], ['b', '2'], ['a', '1']]]);
    expect(await r.call('ZMPOP', '1', 'z', 'MIN')).toBeNull();
    expect(propagated).toEqual([
      ['zadd', 'z', '1', 'a', '2', 'b', '3', 'c'],
      ['ZPOPMAX', 'z', '3'],
    ]);
    expect(await err(r.call('ZMPOP', '0', 'z', 'MIN'))).toBe('ERR numkeys should be greater than 0');
    expect(await err(r.call('ZMPOP', '1', 'z', 'MIN', 'COUNT', '0'))).toBe('ERR count should be greater than 0');
    expect(await err(r.call('ZMPOP', '1', 'z', 'MIN', 'COUNT', '1', 'COUNT', '1'))).toBe(SYNTAX);
    expect(await err(r.call('ZMPOP', '2', 'z', 'MIN'))).toBe(SYNTAX);
    expect(await err(r.call('ZMPOP', '1', 'z', 'LEFT'))).toBe(SYNTAX);
  });
});

describe('blocking pops', () => {
  it('BZPOPMIN waits for a ZADD, FIFO across clients; served pops propagate as ZPOPMIN', async () => {
    const c1 = await conn();
    const c2 = await conn();
    const p1 = c1.bzpopmin('q', 0);
    await waitBlocked(1);
    const p2 = c2.bzpopmax('nokey', 'q', 0);
    await waitBlocked(2);
    await r.zadd('q', 1, 'a', 2, 'b', 3, 'c');
    expect(await p1).toEqual(['q', 'a', '1']);
    expect(await p2).toEqual(['q', 'c', '3']);
    expect(await r.zrange('q', 0, -1)).toEqual(['b']);
    expect(propagated).toEqual([
      ['zadd', 'q', '1', 'a', '2', 'b', '3', 'c'],
      ['ZPOPMIN', 'q'],
      ['ZPOPMAX', 'q'],
    ]);
  });

  it('BZMPOP serves with its count and propagates the number popped', async () => {
    const c1 = await conn();
    const p = c1.call('BZMPOP', '0', '2', 'x', 'q', 'MIN', 'COUNT', '5');
    await waitBlocked(1);
    await r.zadd('q', 1, 'a', 2, 'b');
    expect(await p).toEqual(['q', [['a', '1'], ['b', '2']]]);
    expect(propagated.slice(1)).toEqual([['ZPOPMIN', 'q', '2']]);
    expect(await r.exists('q')).toBe(0);
    // Immediate service too.
    await r.zadd('q', 1, 'a');
    expect(await r.call('BZMPOP', '0', '1', 'q', 'MAX')).toEqual(['q', [['a', '1']]]);
    expect(propagated.slice(-1)).toEqual([['ZPOPMAX', 'q', '1']]);
    expect(await r.bzpopmax('nokey', 0.01)).toBeNull();
  });

  it('times out with a null array; answers at once inside MULTI', async () => {
    const c1 = await conn();
    const p = c1.bzpopmin('q', 30);
    await waitBlocked(1);
    s.clock.advance(31000);
    try {
      expect(await p).toBeNull();
    } finally {
      s.clock.reset();
    }
    const out = await r.multi().bzpopmin('q', 0).call('BZMPOP', '0', '1', 'q', 'MIN').exec();
    expect(out).toEqual([
      [null, null],
      [null, null],
    ]);
  });

  it('a waiter is not disturbed when a waited key becomes another type', async () => {
    const c1 = await conn();
    const p = c1.bzpopmin('a', 'q', 0);
    await waitBlocked(1);
    await r.set('a', 'string now');
    await waitBlocked(1);
    await r.zadd('q', 1, 'm');
    expect(await p).toEqual(['q', 'm', '1']);
  });

  it('timeout errors', async () => {
    expect(await err(r.call('BZPOPMIN', 'q', 'x'))).toBe('ERR timeout is not a float or out of range');
    expect(await err(r.call('BZPOPMIN', 'q', '-1'))).toBe('ERR timeout is negative');
    expect(await err(r.call('BZMPOP', 'x', '1', 'q', 'MIN'))).toBe('ERR timeout is not a float or out of range');
    // BZMPOP checks numkeys and the rest before the timeout.
    expect(await err(r.call('BZMPOP', 'x', '0', 'q', 'MIN'))).toBe('ERR numkeys should be greater than 0');
  });
});

describe('ZRANDMEMBER', () => {
  it('single member, counts in every strategy, WITHSCORES', async () => {
    await r.zadd('z', 1, 'a', 2, 'b', 3, 'c', 4, 'd', 5, 'e', 6, 'f', 7, 'g', 8, 'h', 9, 'i', 10, 'j');
    const all = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'];
    expect(all).toContain(await r.zrandmember('z'));
    expect(await r.zrandmember('nokey')).toBeNull();
    expect(await r.zrandmember('nokey', 3)).toEqual([]);
    expect(await r.zrandmember('z', 0)).toEqual([]);
    // The whole set, as Redis's iterator reads it: highest first.
    expect(await r.zrandmember('z', 20)).toEqual([...all].reverse());
    for (const n of [2, 5, 9]) {
      const got = (await r.zrandmember('z', n)) as string[];
      expect(got.length).toBe(n);
      expect(new Set(got).size).toBe(n);
    }
    const rep = (await r.zrandmember('z', -30)) as string[];
    expect(rep.length).toBe(30);
    for (const m of rep) expect(all).toContain(m);
    const ws = (await r.call('ZRANDMEMBER', 'z', '-3', 'WITHSCORES')) as string[];
    expect(ws.length).toBe(6);
    for (let i = 0; i < 6; i += 2) expect(ws[i + 1]).toBe(String(all.indexOf(ws[i]) + 1));
    expect(await err(r.call('ZRANDMEMBER', 'z', '-9223372036854775808'))).toBe(
      'ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807',
    );
    expect(await err(r.call('ZRANDMEMBER', 'z', '4611686018427387904', 'WITHSCORES'))).toBe('ERR value is out of range');
    expect(await err(r.call('ZRANDMEMBER', 'z', '1', 'x'))).toBe(SYNTAX);
    expect(await err(r.call('ZRANDMEMBER', 'z', 'x'))).toBe(NOT_INT);
  });

  it('samples a skiplist too', async () => {
    s.server.config.setMany([['zset-max-listpack-entries', '4']]);
    const args: (string | number)[] = [];
    for (let i = 0; i < 100; i++) args.push(i, 'm' + i);
    await r.zadd('z', ...args);
    expect(await encoding('z')).toBe('skiplist');
    for (const n of [1, 10, 50, 99]) {
      const got = (await r.zrandmember('z', n)) as string[];
      expect(new Set(got).size).toBe(n);
    }
  });
});

describe('set operations', () => {
  beforeEach(async () => {
    await r.zadd('a', 1, 'x', 2, 'y', 3, 'z');
    await r.zadd('b', 10, 'y', 20, 'z', 30, 'w');
    await r.sadd('s', 'y', 'w', 'q');
  });

  it('ZUNION / ZINTER / ZDIFF with weights and aggregates; sets count as score 1', async () => {
    expect(await r.call('ZUNION', '2', 'a', 'b', 'WITHSCORES')).toEqual(['x', '1', 'y', '12', 'z', '23', 'w', '30']);
    expect(await r.call('ZINTER', '2', 'a', 'b', 'WEIGHTS', '2', '0.5', 'AGGREGATE', 'MAX', 'WITHSCORES')).toEqual(['y', '5', 'z', '10']);
    expect(await r.call('ZINTER', '3', 'a', 'b', 's', 'AGGREGATE', 'MIN', 'WITHSCORES')).toEqual(['y', '1']);
    expect(await r.call('ZUNION', '2', 's', 'a', 'WITHSCORES')).toEqual(['q', '1', 'w', '1', 'x', '1', 'y', '3', 'z', '3']);
    expect(await r.call('ZDIFF', '3', 'b', 'a', 's', 'WITHSCORES')).toEqual([]);
    expect(await r.call('ZDIFF', '2', 'b', 's', 'WITHSCORES')).toEqual(['z', '20']);
    expect(await r.call('ZDIFF', '2', 'a', 'a')).toEqual([]);
    expect(await r.call('ZINTERCARD', '2', 'a', 'b')).toBe(2);
    expect(await r.call('ZINTERCARD', '2', 'a', 'b', 'LIMIT', '1')).toBe(1);
  });

  it('+inf and -inf adding up to NaN count as 0', async () => {
    expect(await r.call('ZUNION', '2', 'a', 'b', 'WEIGHTS', 'inf', '-inf', 'WITHSCORES')).toEqual(['w', '-inf', 'y', '0', 'z', '0', 'x', 'inf']);
    expect(await r.call('ZINTER', '2', 'a', 'a', 'WEIGHTS', 'inf', '-inf', 'WITHSCORES')).toEqual(['x', '0', 'y', '0', 'z', '0']);
    // 0 * inf is NaN too, and also counts as 0.
    expect(await r.call('ZUNION', '1', 'a', 'WEIGHTS', '0', 'WITHSCORES')).toEqual(['x', '0', 'y', '0', 'z', '0']);
  });

  it('STORE forms: encoding chosen as Redis does, empty results delete the destination', async () => {
    expect(await r.zunionstore('d', 2, 'a', 'b')).toBe(4);
    expect(await encoding('d')).toBe('listpack');
    s.server.config.setMany([['zset-max-listpack-entries', '3']]);
    expect(await r.zunionstore('d', 2, 'a', 'b')).toBe(4);
    expect(await encoding('d')).toBe('skiplist');
    expect(await r.zinterstore('d', 2, 'a', 'b')).toBe(2);
    expect(await encoding('d')).toBe('listpack');
    expect(await r.zdiffstore('d', 2, 'a', 'nokey')).toBe(3);
    expect(await r.zinterstore('d', 2, 'a', 'nokey')).toBe(0);
    expect(await r.exists('d')).toBe(0);
    expect(events.slice(-5)).toEqual(['z zunionstore d', 'z zunionstore d', 'z zinterstore d', 'z zdiffstore d', 'g del d']);
  });

  it('argument errors', async () => {
    expect(await err(r.call('ZUNIONSTORE', 'd', '0', 'a'))).toBe("ERR at least 1 input key is needed for 'zunionstore' command");
    expect(await err(r.call('ZINTER', '0', 'a'))).toBe("ERR at least 1 input key is needed for 'zinter' command");
    expect(await err(r.call('ZUNION', '3', 'a', 'b'))).toBe(SYNTAX);
    expect(await err(r.call('ZUNION', 'x', 'a'))).toBe(NOT_INT);
    expect(await err(r.call('ZUNION', '1', 'a', 'WEIGHTS', 'x'))).toBe('ERR weight value is not a float');
    expect(await err(r.call('ZUNION', '1', 'a', 'AGGREGATE', 'avg'))).toBe(SYNTAX);
    expect(await err(r.call('ZDIFF', '1', 'a', 'WEIGHTS', '1'))).toBe(SYNTAX);
    expect(await err(r.call('ZUNIONSTORE', 'd', '1', 'a', 'WITHSCORES'))).toBe(SYNTAX);
    expect(await err(r.call('ZINTERCARD', '1', 'a', 'LIMIT', '-1'))).toBe("ERR LIMIT can't be negative");
    expect(await err(r.call('ZINTERCARD', '1', 'a', 'WITHSCORES'))).toBe(SYNTAX);
    // Every source is looked up (and type-checked) before the options are read.
    await r.set('str', 'v');
    expect(await err(r.call('ZUNION', '2', 'a', 'str', 'BAD'))).toBe(WRONGTYPE);
  });

  it('COMMAND GETKEYS finds the keys of numkeys commands as Redis does', async () => {
    expect(await r.call('COMMAND', 'GETKEYS', 'ZUNIONSTORE', 'd', '2', 'a', 'b', 'WEIGHTS', '1', '2')).toEqual(['d', 'a', 'b']);
    expect(await r.call('COMMAND', 'GETKEYS', 'ZUNIONSTORE', 'd', '2x', 'a', 'b')).toEqual(['a', 'b', 'd']);
    expect(await r.call('COMMAND', 'GETKEYS', 'ZMPOP', '2', 'a', 'b', 'MIN')).toEqual(['a', 'b']);
    expect(await r.call('COMMAND', 'GETKEYS', 'BZMPOP', '0', '2', 'a', 'b', 'MIN')).toEqual(['a', 'b']);
    expect(await err(r.call('COMMAND', 'GETKEYS', 'ZUNION', '0', 'a'))).toBe('ERR Invalid arguments specified for command');
  });
});

describe('ZSCAN', () => {
  it('a listpack in one call; a skiplist by cursor; MATCH, COUNT and errors', async () => {
    await r.zadd('z', 1, 'a', 2.5, 'b', -0, 'c');
    expect(await r.zscan('z', 0)).toEqual(['0', ['c', '0', 'a', '1', 'b', '2.5']]);
    expect(await r.zscan('z', 0, 'MATCH', '[ab]')).toEqual(['0', ['a', '1', 'b', '2.5']]);
    expect(await r.zscan('nokey', 0)).toEqual(['0', []]);
    expect(await err(r.zscan('z', 'x'))).toBe('ERR invalid cursor');
    expect(await err(r.zscan('z', 0, 'COUNT', 0))).toBe(SYNTAX);
    expect(await err(r.zscan('z', 0, 'COUNT', 'x'))).toBe(NOT_INT);
    expect(await err(r.call('ZSCAN', 'z', '0', 'TYPE', 'zset'))).toBe(SYNTAX);
    s.server.config.setMany([['zset-max-listpack-entries', '4']]);
    const args: (string | number)[] = [];
    for (let i = 0; i < 300; i++) args.push(i, 'm' + i);
    await r.zadd('big', ...args);
    const seen = new Map<string, string>();
    let cursor = '0';
    let calls = 0;
    do {
      const [next, items] = await r.zscan('big', cursor, 'COUNT', 20);
      for (let i = 0; i < items.length; i += 2) seen.set(items[i], items[i + 1]);
      cursor = next;
      calls++;
    } while (cursor !== '0');
    expect(seen.size).toBe(300);
    expect(seen.get('m17')).toBe('17');
    expect(calls).toBeGreaterThan(5);
  });
});

describe('encodings and conversions', () => {
  it('listpack until an insertion passes either threshold; never back', async () => {
    s.server.config.setMany([
      ['zset-max-listpack-entries', '3'],
      ['zset-max-listpack-value', '5'],
    ]);
    await r.zadd('z', 1, 'a', 2, 'b', 3, 'c');
    expect(await encoding('z')).toBe('listpack');
    await r.zadd('z', 4, 'd');
    expect(await encoding('z')).toBe('skiplist');
    await r.zrem('z', 'a', 'b', 'c');
    expect(await encoding('z')).toBe('skiplist');
    await r.zadd('v', 1, 'abcde');
    expect(await encoding('v')).toBe('listpack');
    await r.zadd('v', 1, 'abcdef');
    expect(await encoding('v')).toBe('skiplist');
    await r.zadd('w', 1, 'abcdef');
    expect(await encoding('w')).toBe('skiplist');
    // The old ziplist names are aliases.
    await r.config('SET', 'zset-max-ziplist-entries', '0');
    expect(await r.config('GET', 'zset-max-listpack-entries')).toEqual(['zset-max-listpack-entries', '0']);
    await r.zadd('e', 1, 'a');
    expect(await encoding('e')).toBe('skiplist');
  });

  it('the -0 score: listpacks store it as 0, skiplists keep it', async () => {
    await r.zadd('lp', '-0', 'm');
    expect(await r.zscore('lp', 'm')).toBe('0');
    expect(await r.call('ZADD', 'n', 'INCR', '-0', 'm')).toBe('-0');
    s.server.config.setMany([['zset-max-listpack-entries', '0']]);
    await r.zadd('sl', '-0', 'm');
    expect(await r.zscore('sl', 'm')).toBe('-0');
    expect(await r.zincrby('sl', 0, 'm')).toBe('0'); // -0 + 0 = 0, equal to -0: no update
    expect(await r.zscore('sl', 'm')).toBe('-0');
  });

  it('COPY keeps the encoding; DEBUG-free checks of memory usage', async () => {
    await r.zadd('z', 1, 'a');
    await r.copy('z', 'c');
    expect(await encoding('c')).toBe('listpack');
    const v = s.server.dbs[0].peek('c');
    expect(v).toBeInstanceOf(ZSetValue);
    expect(Number(await r.call('MEMORY', 'USAGE', 'z'))).toBeGreaterThan(0);
  });
});

describe('RESP3 reply shapes', () => {
  it('doubles for scores, pairs for WITHSCORES, flat pops without a count', async () => {
    await r.zadd('z', 1, 'a', 2.5, 'b');
    const out = await raw(
      [
        ['ZSCORE', 'z', 'b'],
        ['ZSCORE', 'z', 'x'],
        ['ZMSCORE', 'z', 'a', 'x'],
        ['ZINCRBY', 'z', '0', 'a'],
        ['ZRANGE', 'z', '0', '-1', 'WITHSCORES'],
        ['ZRANGE', 'z', '0', '-1'],
        ['ZUNION', '1', 'z', 'WITHSCORES'],
        ['ZRANDMEMBER', 'z', '5', 'WITHSCORES'],
        ['ZSCAN', 'z', '0'],
        ['ZRANK', 'z', 'x'],
        ['ZPOPMIN', 'z'],
        ['ZPOPMAX', 'z', '1'],
        ['ZMPOP', '1', 'z', 'MIN'],
        ['ZADD', 'z', 'INCR', 'inf', 'm'],
        ['ZADD', 'z', 'XX', 'INCR', '1', 'x'],
        ['ZINCRBY', 'z', '-inf', 'm'],
      ],
      3,
    );
    expect(out).toEqual([
      ',2.5\r\n',
      '_\r\n',
      '*2\r\n,1\r\n_\r\n',
      ',1\r\n',
      '*2\r\n*2\r\n$1\r\na\r\n,1\r\n*2\r\n$1\r\nb\r\n,2.5\r\n',
      '*2\r\n$1\r\na\r\n$1\r\nb\r\n',
      '*2\r\n*2\r\n$1\r\na\r\n,1\r\n*2\r\n$1\r\nb\r\n,2.5\r\n',
      '*2\r\n*2\r\n$1\r\nb\r\n,2.5\r\n*2\r\n$1\r\na\r\n,1\r\n',
      '*2\r\n$1\r\n0\r\n*4\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$3\r\n2.5\r\n',
      '_\r\n',
      '*2\r\n$1\r\na\r\n,1\r\n',
      '*1\r\n*2\r\n$1\r\nb\r\n,2.5\r\n',
      '_\r\n',
      ',inf\r\n',
      '_\r\n',
      '-ERR resulting score is not a number (NaN)\r\n',
    ]);
    const two = await raw([['ZRANGE', 'z', '0', '-1', 'WITHSCORES'], ['ZMPOP', '1', 'z', 'MIN'], ['ZMPOP', '1', 'z', 'MIN']], 2);
    expect(two).toEqual(['*2\r\n$1\r\nm\r\n$3\r\ninf\r\n', '*2\r\n$1\r\nz\r\n*1\r\n*2\r\n$1\r\nm\r\n$3\r\ninf\r\n', '*-1\r\n']);
  });
});

describe('dirty, events and propagation', () => {
  it('counts changes and fires Redis event names', async () => {
    const d0 = s.server.dirty;
    await r.zadd('z', 1, 'a', 2, 'b');
    await r.zadd('z', 1, 'a'); // no change: no dirty, no event, not propagated
    await r.zincrby('z', 1, 'a');
    await r.zremrangebyscore('z', 0, 1);
    await r.zpopmax('z');
    expect(s.server.dirty - d0).toBe(2 + 1 + 0 + 1);
    expect(events).toEqual(['z zadd z', 'z zincr z', 'z zpopmax z']);
    expect(propagated.map((a) => a[0])).toEqual(['zadd', 'zincrby', 'zpopmax']);
    await r.zpopmin('z', 5);
    expect(events.slice(-2)).toEqual(['z zpopmin z', 'g del z']);
  });
});

describe('a 100 000-member leaderboard (bounded correctness)', () => {
  it('ZADD, ZRANK, ZREVRANGE and ZRANGE agree with a sorted model', { timeout: 60000 }, async () => {
    const n = 100_000;
    // Deterministic scores with many ties, so member order breaks them.
    const scoreOf = (i: number): number => (i * 7919) % 5000;
    const model = Array.from({ length: n }, (_, i) => ({ m: `player:${i}`, s: scoreOf(i) }));
    const pipe = r.pipeline();
    for (let i = 0; i < n; i += 1000) {
      const args: (string | number)[] = [];
      for (let j = i; j < i + 1000; j++) args.push(model[j].s, model[j].m);
      pipe.zadd('lb', ...args);
    }
    await pipe.exec();
    model.sort((x, y) => x.s - y.s || (x.m < y.m ? -1 : x.m > y.m ? 1 : 0));
    expect(await r.zcard('lb')).toBe(n);
    expect(await encoding('lb')).toBe('skiplist');
    const probes = [0, 1, 2, 999, 31337, 50_000, 77_777, n - 2, n - 1];
    for (const i of probes) {
      expect(await r.zrank('lb', model[i].m)).toBe(i);
      expect(await r.zrevrank('lb', model[i].m)).toBe(n - 1 - i);
    }
    const top = await r.zrevrange('lb', 0, 9, 'WITHSCORES');
    const want: string[] = [];
    for (let i = n - 1; i >= n - 10; i--) want.push(model[i].m, String(model[i].s));
    expect(top).toEqual(want);
    for (const start of [0, 12_345, 99_990]) {
      expect(await r.zrange('lb', start, start + 9)).toEqual(model.slice(start, start + 10).map((e) => e.m));
    }
    // A whole-range read agrees member by member.
    const everything = await r.zrange('lb', 0, -1);
    expect(everything.length).toBe(n);
    for (let i = 0; i < n; i += 1) if (everything[i] !== model[i].m) throw new Error(`rank ${i}: ${everything[i]} != ${model[i].m}`);
    // Score changes move members; ranks follow.
    await r.zincrby('lb', 10_000, model[0].m);
    expect(await r.zrevrank('lb', model[0].m)).toBe(0);
    expect(await r.zcount('lb', '-inf', '(100')).toBe(model.filter((e) => e.s < 100).length - (model[0].s < 100 ? 1 : 0));
  });
});

// --- differential test against a real redis-server ----------------------------------------

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

describe.runIf(shouldRunWith('redis-server'))('sorted sets: raw replies identical to redis-server', () => {
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

  // Score keys get any scores; lex keys only score 0 (lex ranges over mixed
  // scores depend on a skiplist's random levels, in Redis too).
  const KEYS = ['a', 'b', 'c', 'str', 'set'];
  const LEX = ['l1', 'l2'];
  const MEMBERS = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'aa', 'ab', '', '1', '-1', '10', '\x00', '\xff', 'long-member-name-xyz'];
  const SCORES = ['0', '-0', '1', '2', '2', '3', '1.5', '0.1', '-2.5', '1e20', '+inf', '-inf', '123456789', '3.0000000000000004'];
  const BOUNDS = ['-inf', '+inf', '0', '1', '(1', '2', '(2', '3', '(-0', '1.5', '1e20'];
  const LEXB = ['-', '+', '[a', '(a', '[c', '(c', '[aa', '[', '(', '[\xff'];

  function nextCommand(rand: () => number): { argv: string[]; sort: boolean } {
    const pick = <T>(a: readonly T[]): T => a[Math.floor(rand() * a.length)];
    const k = (): string => pick(KEYS);
    const l = (): string => pick(LEX);
    const m = (): string => pick(MEMBERS);
    const sc = (): string => pick(SCORES);
    const idx = (): string => String(Math.floor(rand() * 14) - 7);
    const pairs = (n: number, score: () => string): string[] => Array.from({ length: 1 + Math.floor(rand() * n) }, () => [score(), m()]).flat();
    const ws = (): string[] => (rand() < 0.5 ? ['WITHSCORES'] : []);
    const lim = (): string[] => (rand() < 0.4 ? ['LIMIT', String(Math.floor(rand() * 4) - 1), String(Math.floor(rand() * 5) - 1)] : []);
    const plain = (argv: string[]): { argv: string[]; sort: boolean } => ({ argv, sort: false });
    switch (Math.floor(rand() * 40)) {
      case 0:
      case 1:
      case 2:
      case 3:
        return plain(['ZADD', k(), ...pickFlags(rand), ...pairs(5, sc)]);
      case 4:
        return plain(['ZADD', l(), ...pairs(6, () => '0')]);
      case 5:
        return plain(['ZINCRBY', k(), sc(), m()]);
      case 6:
        return plain(['ZREM', pick([...KEYS, ...LEX]), m(), m()]);
      case 7:
        return plain(['ZSCORE', k(), m()]);
      case 8:
        return plain(['ZMSCORE', k(), m(), m(), m()]);
      case 9:
        return plain([pick(['ZRANK', 'ZREVRANK']), k(), m()]);
      case 10:
        return plain(['ZCARD', k()]);
      case 11:
        return plain(['ZRANGE', k(), idx(), idx(), ...(rand() < 0.3 ? ['REV'] : []), ...ws()]);
      case 12:
        return plain(['ZRANGE', k(), pick(BOUNDS), pick(BOUNDS), 'BYSCORE', ...(rand() < 0.4 ? ['REV'] : []), ...lim(), ...ws()]);
      case 13:
        return plain(['ZRANGE', l(), pick(LEXB), pick(LEXB), 'BYLEX', ...(rand() < 0.4 ? ['REV'] : []), ...lim()]);
      case 14:
        return plain([pick(['ZRANGEBYSCORE', 'ZREVRANGEBYSCORE']), k(), pick(BOUNDS), pick(BOUNDS), ...ws(), ...lim()]);
      case 15:
        return plain([pick(['ZRANGEBYLEX', 'ZREVRANGEBYLEX']), l(), pick(LEXB), pick(LEXB), ...lim()]);
      case 16:
        return plain(['ZREVRANGE', k(), idx(), idx(), ...ws()]);
      case 17:
        return plain(['ZCOUNT', k(), pick(BOUNDS), pick(BOUNDS)]);
      case 18:
        return plain(['ZLEXCOUNT', l(), pick(LEXB), pick(LEXB)]);
      case 19:
        return plain(['ZREMRANGEBYRANK', k(), idx(), idx()]);
      case 20:
        return plain(['ZREMRANGEBYSCORE', k(), pick(BOUNDS), pick(BOUNDS)]);
      case 21:
        return plain(['ZREMRANGEBYLEX', l(), pick(LEXB), pick(LEXB)]);
      case 22:
        return plain([pick(['ZPOPMIN', 'ZPOPMAX']), k(), ...(rand() < 0.5 ? [String(Math.floor(rand() * 4))] : [])]);
      case 23:
        return plain(['ZMPOP', '2', k(), k(), pick(['MIN', 'MAX']), ...(rand() < 0.5 ? ['COUNT', String(1 + Math.floor(rand() * 3))] : [])]);
      case 24:
        return plain([pick(['BZPOPMIN', 'BZPOPMAX']), k(), k(), '0.01']);
      case 25:
        return plain(['BZMPOP', '0.01', '1', k(), pick(['MIN', 'MAX']), 'COUNT', '2']);
      case 26:
        return plain(['ZUNION', '2', k(), k(), ...(rand() < 0.3 ? ['WEIGHTS', sc(), sc()] : []), ...(rand() < 0.3 ? ['AGGREGATE', pick(['SUM', 'MIN', 'MAX'])] : []), ...ws()]);
      case 27:
        return plain(['ZINTER', '2', k(), k(), ...(rand() < 0.3 ? ['WEIGHTS', sc(), sc()] : []), ...(rand() < 0.3 ? ['AGGREGATE', pick(['SUM', 'MIN', 'MAX'])] : []), ...ws()]);
      case 28:
        return plain(['ZDIFF', '2', k(), k(), ...ws()]);
      case 29:
        return plain([pick(['ZUNIONSTORE', 'ZINTERSTORE']), k(), '2', k(), k(), ...(rand() < 0.3 ? ['WEIGHTS', sc(), sc()] : [])]);
      case 30:
        return plain(['ZDIFFSTORE', k(), '2', k(), k()]);
      case 31:
        return plain(['ZINTERCARD', '2', k(), k(), ...(rand() < 0.5 ? ['LIMIT', String(Math.floor(rand() * 3))] : [])]);
      case 32:
        return plain(['ZRANGESTORE', k(), k(), pick(BOUNDS), pick(BOUNDS), 'BYSCORE', ...lim()]);
      case 33:
        return plain(['ZRANGESTORE', pick(LEX), l(), pick(LEXB), pick(LEXB), 'BYLEX']);
      case 34:
        return plain(['OBJECT', 'ENCODING', pick([...KEYS, ...LEX])]);
      case 35:
        return plain(['ZRANDMEMBER', k(), pick(['100', '0', '-0'])]);
      case 36:
        return { argv: ['ZSCAN', pick([...KEYS, ...LEX]), '0', 'COUNT', '1000', ...(rand() < 0.3 ? ['MATCH', '*a*'] : [])], sort: true };
      case 37:
        return plain(['CONFIG', 'SET', pick(['zset-max-listpack-entries', 'zset-max-listpack-value']), pick(['0', '2', '5', '128'])]);
      case 38:
        return plain(pick([
          ['SADD', 'set', m(), m()],
          ['SET', 'str', 'v'],
          ['DEL', k()],
        ]));
      default:
        return plain(['ZADD', k(), ...pairs(8, () => String(Math.floor(rand() * 5)))]);
    }
  }

  function pickFlags(rand: () => number): string[] {
    const all = [[], [], ['NX'], ['XX'], ['GT'], ['LT'], ['CH'], ['XX', 'GT', 'CH'], ['INCR'], ['NX', 'XX'], ['GT', 'LT']];
    return all[Math.floor(rand() * all.length)];
  }

  for (const seed of (process.env.ZSETS_SEEDS ?? '1,2,3').split(',').map(Number)) {
    it(`seeded random sequence ${seed} (RESP2 and RESP3)`, { timeout: 120000 }, async () => {
      if (!redis || !t) throw new Error('servers not started');
      const diffs: string[] = [];
      for (const proto of [2, 3]) {
        const rand = prng(seed * 1000 + proto);
        const a = await RawClient.connect(redis.port);
        const b = await RawClient.connect(t.port);
        try {
          if (proto === 3) await Promise.all([a.command(['HELLO', '3']), b.command(['HELLO', '3'])]);
          const reset: string[][] = [
            ['FLUSHALL'],
            ['CONFIG', 'SET', 'zset-max-listpack-entries', '128'],
            ['CONFIG', 'SET', 'zset-max-listpack-value', '64'],
          ];
          for (const argv of reset) await Promise.all([a.command(argv), b.command(argv)]);
          for (let step = 0; step < Number(process.env.ZSETS_STEPS ?? 1500) && diffs.length < 10; step++) {
            const { argv, sort } = nextCommand(rand);
            const [x, y] = await Promise.all([a.command(argv, 5000), b.command(argv, 5000)]);
            if (!repliesMatch(x, y, new Set(sort ? (['sort'] as const) : []))) {
              diffs.push(`seed ${seed} RESP${proto} step ${step} ${escapeBytes(argv.join(' '))}: redis "${escapeBytes(x)}" tredis "${escapeBytes(y)}"`);
            }
            if (step % 25 === 0) {
              for (const key of [...KEYS.slice(0, 3), ...LEX]) {
                const q = ['ZRANGE', key, '0', '-1', 'WITHSCORES'];
                const [p1, p2] = await Promise.all([a.command(q), b.command(q)]);
                if (!repliesMatch(p1, p2, new Set())) diffs.push(`seed ${seed} RESP${proto} after step ${step}, key ${key}: redis "${escapeBytes(p1)}" tredis "${escapeBytes(p2)}"`);
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
