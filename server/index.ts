/**
 * The embedding API: start a tredis server inside a Node process.
 *
 *   import { startServer } from 'tredis';
 *   const s = await startServer({ port: 0 });      // any redis.conf parameter
 *   // ... connect ioredis to s.port ...
 *   s.clock.advance(60_000);                        // expire TTLs without sleeping
 *   await s.close();
 *
 * Every server is independent: nothing is shared between instances, and a
 * closed server leaves no socket or timer behind.
 */
import { Server, type ServerOptions } from './server.js';
import type { Clock } from './clock.js';

export { Server, REDIS_VERSION } from './server.js';
export type { ServerOptions } from './server.js';
export { Clock } from './clock.js';

export interface TredisServer {
  /** The TCP port actually bound (useful with port 0). */
  readonly port: number;
  readonly host: string;
  /** The server's clock: `advance(ms)` moves time forward for TTLs. */
  readonly clock: Clock;
  /** The underlying server object, for tests that look inside. */
  readonly server: Server;
  /** Stop listening, close every client, stop timers. */
  close(): Promise<void>;
}

export type StartConfig = Record<string, string | number | boolean>;

export async function startServer(config: StartConfig = {}, options: Omit<ServerOptions, 'config'> = {}): Promise<TredisServer> {
  const server = new Server({ ...options, config });
  await server.listen();
  const host = server.config.getString('bind').split(' ')[0].replace(/^-/, '');
  return {
    port: server.port,
    host,
    clock: server.clock,
    server,
    close: () => server.close(),
  };
}
