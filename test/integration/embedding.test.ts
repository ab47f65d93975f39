/**
 * The embedding API: several servers in one process, clean shutdown,
 * a controllable clock, and config errors reported as rejections.
 */
import { describe, expect, it } from 'vitest';
import { startServer, type TredisServer } from '../../server/index.js';
import { RawClient } from '../helpers/resp.js';

const OPTS = { port: 0, bind: '127.0.0.1' } as const;

/** How many of the handle kinds a server owns are alive right now. */
function handleCounts(): Record<string, number> {
  const counts: Record<string, number> = { TCPServerWrap: 0, TCPSocketWrap: 0, Timeout: 0 };
  for (const r of process.getActiveResourcesInfo()) if (r in counts) counts[r]++;
  return counts;
}

/** Nothing leaked: no kind has more live handles than at the baseline (unrelated timers may have ended). */
function expectNoMoreThan(before: Record<string, number>): void {
  const after = handleCounts();
  for (const kind of Object.keys(before)) expect(after[kind], `${kind} handles (before: ${before[kind]}, after: ${after[kind]})`).toBeLessThanOrEqual(before[kind]);
}

const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 20));

describe('embedding', () => {
  it('five servers in one process are independent', async () => {
    const servers: TredisServer[] = [];
    const clients: RawClient[] = [];
    try {
      for (let i = 0; i < 5; i++) servers.push(await startServer(OPTS));
      expect(new Set(servers.map((s) => s.port)).size).toBe(5);
      for (const s of servers) clients.push(await RawClient.connect(s.port));
      for (let i = 0; i < 5; i++) {
        expect((await clients[i].command(['SET', `only-in-${i}`, String(i)])).toString()).toBe('+OK\r\n');
      }
      for (let i = 0; i < 5; i++) {
        for (let j = 0; j < 5; j++) {
          const reply = (await clients[j].command(['GET', `only-in-${i}`])).toString();
          expect(reply, `key of server ${i} seen from server ${j}`).toBe(i === j ? `$1\r\n${i}\r\n` : '$-1\r\n');
        }
      }
      // Time is per server too.
      servers[0].clock.advance(10_000);
      expect(Math.abs(servers[1].clock.now() - Date.now())).toBeLessThan(1000);
    } finally {
      await Promise.all(clients.map((c) => c.close()));
      await Promise.all(servers.map((s) => s.close()));
    }
  });

  it('close() leaves no server socket, client socket or timer behind', async () => {
    await settle();
    const before = handleCounts();
    const servers: TredisServer[] = [];
    for (let i = 0; i < 5; i++) servers.push(await startServer({ ...OPTS, hz: 100 }));
    const clients = await Promise.all(servers.map((s) => RawClient.connect(s.port)));
    await Promise.all(clients.map((c) => c.command(['PING'])));
    const during = handleCounts();
    expect(during.TCPServerWrap).toBeGreaterThanOrEqual(before.TCPServerWrap + 5);
    // Server-side close: clients are dropped by the server, not by us.
    await Promise.all(servers.map((s) => s.close()));
    await Promise.all(clients.map((c) => c.waitClosed(2000)));
    await settle();
    expectNoMoreThan(before);
  });

  it('close() is idempotent', async () => {
    const s = await startServer(OPTS);
    await s.close();
    await s.close();
  });

  it('clock.advance expires a key without sleeping (Db API)', async () => {
    const s = await startServer(OPTS);
    try {
      const db = s.server.dbs[0];
      db.setKey('k', 'v');
      db.setExpire('k', s.clock.now() + 100);
      expect(db.exists('k')).toBe(true);
      s.clock.advance(101);
      expect(db.exists('k')).toBe(false);
    } finally {
      await s.close();
    }
  });

  it('clock.advance expires a SET ... PX key without sleeping', async () => {
    const s = await startServer(OPTS);
    const c = await RawClient.connect(s.port);
    try {
      expect((await c.command(['SET', 'k', 'v', 'PX', '100'])).toString()).toBe('+OK\r\n');
      expect((await c.command(['GET', 'k'])).toString()).toBe('$1\r\nv\r\n');
      s.clock.advance(50);
      expect((await c.command(['GET', 'k'])).toString()).toBe('$1\r\nv\r\n');
      s.clock.advance(51);
      expect((await c.command(['GET', 'k'])).toString()).toBe('$-1\r\n');
      // A key without a TTL is unaffected by time.
      await c.command(['SET', 'forever', 'v']);
      s.clock.advance(365 * 24 * 3600 * 1000);
      expect((await c.command(['GET', 'forever'])).toString()).toBe('$1\r\nv\r\n');
    } finally {
      await c.close();
      await s.close();
    }
  });

  it('an invalid config rejects', async () => {
    await expect(startServer({ port: 'abc' })).rejects.toThrow();
    await expect(startServer({ 'no-such-option': 'yes' })).rejects.toThrow();
    await expect(startServer({ ...OPTS, databases: 0 })).rejects.toThrow();
    await expect(startServer({ ...OPTS, maxmemory: 'lots' })).rejects.toThrow();
  });

  it('a port already in use rejects and leaves nothing behind', async () => {
    const a = await startServer(OPTS);
    try {
      await settle();
      const before = handleCounts();
      await expect(startServer({ port: a.port, bind: '127.0.0.1' })).rejects.toThrow();
      await settle();
      expectNoMoreThan(before);
    } finally {
      await a.close();
    }
  });
});
