import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import net from 'node:net';
import Redis from 'ioredis';
import { startServer, type TredisServer } from '../../server/index.js';

let s: TredisServer;
const clients: Redis[] = [];
function connect(): Redis {
  const r = new Redis(s.port, '127.0.0.1', { maxRetriesPerRequest: 0 });
  clients.push(r);
  return r;
}

/** Resolve with the next `n` messages a subscriber receives. */
function nextMessages(r: Redis, n: number, event = 'message'): Promise<string[][]> {
  return new Promise((resolve) => {
    const got: string[][] = [];
    const on = (...args: string[]) => {
      got.push(args);
      if (got.length === n) {
        r.off(event, on);
        resolve(got);
      }
    };
    r.on(event, on);
  });
}

beforeAll(async () => {
  s = await startServer({ port: 0 });
});
afterAll(async () => {
  for (const r of clients) r.disconnect();
  await s.close();
});

describe('pub/sub', () => {
  it('fans a message out to every subscriber and counts receivers', async () => {
    const subs = Array.from({ length: 5 }, () => connect());
    await Promise.all(subs.map((r) => r.subscribe('fan')));
    const received = Promise.all(subs.map((r) => nextMessages(r, 1)));
    const pub = connect();
    expect(await pub.publish('fan', 'hello')).toBe(5);
    for (const msgs of await received) expect(msgs).toEqual([['fan', 'hello']]);
  });

  it('delivers pattern messages with the pattern, and binary payloads intact', async () => {
    const sub = connect();
    await sub.psubscribe('bin.*');
    const got = nextMessages(sub, 1, 'pmessageBuffer');
    const payload = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const pub = connect();
    expect(await pub.publish('bin.x', payload)).toBe(1);
    const [[pattern, channel, message]] = (await got) as unknown as Buffer[][];
    expect(pattern.toString()).toBe('bin.*');
    expect(channel.toString()).toBe('bin.x');
    expect(Buffer.compare(message, payload)).toBe(0);
  });

  it('PUBSUB CHANNELS / NUMSUB / NUMPAT reflect live subscriptions', async () => {
    const a = connect();
    const b = connect();
    await a.subscribe('intro:1', 'intro:2');
    await b.subscribe('intro:1');
    await b.psubscribe('intro:*');
    const q = connect();
    expect(((await q.call('PUBSUB', 'CHANNELS', 'intro:*')) as string[]).sort()).toEqual(['intro:1', 'intro:2']);
    expect(await q.call('PUBSUB', 'NUMSUB', 'intro:1', 'intro:2', 'none')).toEqual(['intro:1', 2, 'intro:2', 1, 'none', 0]);
    expect(await q.call('PUBSUB', 'NUMPAT')).toBeGreaterThanOrEqual(1);
    a.disconnect();
    // A disconnected subscriber leaves no trace.
    for (let i = 0; i < 50 && ((await q.call('PUBSUB', 'NUMSUB', 'intro:2')) as unknown[])[1] !== 0; i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(await q.call('PUBSUB', 'NUMSUB', 'intro:2')).toEqual(['intro:2', 0]);
  });

  it('publishes keyspace and keyevent notifications for the selected classes', async () => {
    const admin = connect();
    await admin.config('SET', 'notify-keyspace-events', 'KEA');
    const sub = connect();
    await sub.psubscribe('__key*@0__:*');
    const got = nextMessages(sub, 6, 'pmessage');
    await admin.set('nk', '1');
    await admin.expire('nk', 100);
    await admin.del('nk');
    const msgs = (await got).map(([, channel, message]) => `${channel} ${message}`);
    expect(msgs).toEqual([
      '__keyspace@0__:nk set',
      '__keyevent@0__:set nk',
      '__keyspace@0__:nk expire',
      '__keyevent@0__:expire nk',
      '__keyspace@0__:nk del',
      '__keyevent@0__:del nk',
    ]);
    await admin.config('SET', 'notify-keyspace-events', '');
  });

  it('notifies expired events when a key expires', async () => {
    const admin = connect();
    await admin.config('SET', 'notify-keyspace-events', 'Ex');
    const sub = connect();
    await sub.subscribe('__keyevent@0__:expired');
    const got = nextMessages(sub, 1);
    await admin.set('soon', '1', 'PX', 50);
    s.clock.advance(100);
    expect(await admin.get('soon')).toBeNull();
    expect(await got).toEqual([['__keyevent@0__:expired', 'soon']]);
    await admin.config('SET', 'notify-keyspace-events', '');
  });

  it('disconnects a subscriber that exceeds the pubsub output hard limit; the publisher is unaffected', async () => {
    const admin = connect();
    await admin.config('SET', 'client-output-buffer-limit', 'pubsub 1mb 512kb 60');
    // A raw subscriber that never reads.
    const slow = net.connect(s.port, '127.0.0.1');
    await new Promise<void>((r) => slow.once('connect', () => r()));
    slow.pause();
    slow.write('*2\r\n$9\r\nSUBSCRIBE\r\n$4\r\nslow\r\n');
    await new Promise((r) => setTimeout(r, 50));
    const pub = connect();
    const big = 'x'.repeat(64 * 1024);
    let delivered = 0;
    for (let i = 0; i < 400; i++) delivered += await pub.publish('slow', big);
    // Once over the limit the subscriber is gone and publishing continues.
    expect(delivered).toBeLessThan(400);
    expect(await pub.publish('slow', 'after')).toBe(0);
    slow.destroy();
    await admin.config('SET', 'client-output-buffer-limit', 'pubsub 32mb 8mb 60');
  });

  it('RESP3 clients receive push frames and may run any command while subscribed', async () => {
    const raw = net.connect(s.port, '127.0.0.1');
    await new Promise<void>((r) => raw.once('connect', () => r()));
    let data = '';
    raw.setEncoding('latin1');
    raw.on('data', (d: string) => (data += d));
    raw.write('HELLO 3\r\nSUBSCRIBE r3\r\nSET r3key v\r\nGET r3key\r\n');
    const pub = connect();
    for (let i = 0; i < 50 && !data.includes('$1\r\nv\r\n'); i++) await new Promise((r) => setTimeout(r, 10));
    await pub.publish('r3', 'm');
    for (let i = 0; i < 50 && !data.includes('$7\r\nmessage'); i++) await new Promise((r) => setTimeout(r, 10));
    raw.destroy();
    expect(data).toContain('>3\r\n$9\r\nsubscribe\r\n$2\r\nr3\r\n:1\r\n');
    expect(data).toContain('+OK\r\n$1\r\nv\r\n');
    expect(data).toContain('>3\r\n$7\r\nmessage\r\n$2\r\nr3\r\n$1\r\nm\r\n');
  });
});
