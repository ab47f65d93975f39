/**
 * Keyspace notifications compared with real Redis: a subscriber on each
 * server listens to every keyspace and keyevent channel while another
 * connection runs the same commands of every family; the raw message
 * streams must be identical (channel names, event names, order).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RawClient, escapeBytes } from '../helpers/resp.js';
import { assertTool, isCI, shouldRunWith, startRedisServer, type RedisProcess } from '../helpers/redis-server.js';
import { startServer, type TredisServer } from '../../server/index.js';

const run = shouldRunWith('redis-server');

const COMMANDS: string[][] = [
  ['SET', 's', '1'],
  ['APPEND', 's', '2'],
  ['INCR', 's'],
  ['INCRBY', 's', '5'],
  ['INCRBYFLOAT', 's', '1.5'],
  ['SETRANGE', 's', '0', 'x'],
  ['EXPIRE', 's', '100'],
  ['PERSIST', 's'],
  ['RENAME', 's', 't'],
  ['COPY', 't', 'u'],
  ['MOVE', 'u', '1'],
  ['GETDEL', 't'],
  ['MSET', 'a', '1', 'b', '2'],
  ['DEL', 'a', 'b', 'missing'],
  ['LPUSH', 'l', 'a', 'b'],
  ['RPUSH', 'l', 'c'],
  ['LINSERT', 'l', 'BEFORE', 'c', 'x'],
  ['LSET', 'l', '0', 'y'],
  ['LREM', 'l', '0', 'x'],
  ['LTRIM', 'l', '0', '1'],
  ['LMOVE', 'l', 'l2', 'LEFT', 'RIGHT'],
  ['LPOP', 'l'],
  ['RPOP', 'l2'],
  ['HSET', 'h', 'f', '1', 'g', '2'],
  ['HINCRBY', 'h', 'f', '3'],
  ['HINCRBYFLOAT', 'h', 'g', '0.5'],
  ['HDEL', 'h', 'f', 'g'],
  ['SADD', 'x', '1', '2', '3'],
  ['SADD', 'y', '2', '3', '4'],
  ['SREM', 'x', '1'],
  ['SMOVE', 'x', 'y', '2'],
  ['SINTERSTORE', 'z', 'x', 'y'],
  ['SUNIONSTORE', 'w', 'x', 'y'],
  ['ZADD', 'zs', '1', 'a', '2', 'b', '3', 'c'],
  ['ZINCRBY', 'zs', '5', 'a'],
  ['ZREM', 'zs', 'b'],
  ['ZPOPMIN', 'zs'],
  ['ZUNIONSTORE', 'zu', '1', 'zs'],
  ['ZREMRANGEBYSCORE', 'zu', '-inf', '+inf'],
  ['RPUSH', 'srt', '3', '1', '2'],
  ['SORT', 'srt', 'STORE', 'sorted'],
  ['SET', 'e', '1', 'PX', '1'],
];

/** Run the commands on `port` and return every message the subscriber saw, as text. */
async function messages(port: number, waitForExpiry: () => Promise<void>): Promise<string[]> {
  const cmd = await RawClient.connect(port);
  const sub = await RawClient.connect(port);
  try {
    await cmd.command(['FLUSHALL']);
    await cmd.command(['CONFIG', 'SET', 'notify-keyspace-events', 'KEA']);
    await sub.command(['PSUBSCRIBE', '__key*__:*']);
    for (const argv of COMMANDS) await cmd.command(argv);
    await waitForExpiry();
    await cmd.command(['GET', 'e']); // lazy expiry: the "expired" event
    await cmd.command(['SET', '__end__', '1']);
    const seen: string[] = [];
    for (let i = 0; i < 1000; i++) {
      const [reply] = await sub.sendRaw('', 1);
      const text = escapeBytes(reply, 2000);
      seen.push(text);
      if (text.includes('__keyevent@0__:set') && text.includes('__end__')) break;
    }
    await cmd.command(['CONFIG', 'SET', 'notify-keyspace-events', '']);
    return seen;
  } finally {
    await Promise.all([cmd.close(), sub.close()]);
  }
}

describe.skipIf(!run)('compat: keyspace notifications against redis-server', () => {
  let redis: RedisProcess;
  let tredis: TredisServer;
  beforeAll(async () => {
    if (isCI()) assertTool('redis-server');
    redis = await startRedisServer();
    tredis = await startServer({ port: 0 });
  });
  afterAll(async () => {
    await redis?.stop();
    await tredis?.close();
  });

  it('every family emits the same notifications, in the same order', async () => {
    const fromRedis = await messages(redis.port, () => new Promise((r) => setTimeout(r, 20)));
    const fromTredis = await messages(tredis.port, async () => tredis.clock.advance(20));
    expect(fromTredis.length).toBeGreaterThan(COMMANDS.length);
    expect(fromTredis).toEqual(fromRedis);
  });
});
