/**
 * The Server: everything one tredis instance owns — listeners, clients,
 * databases, configuration, clock, statistics, the cron — hanging off one
 * object, so a process can run many servers side by side (no module-level
 * mutable state anywhere).
 *
 * The event loop (docs/event-loop.md):
 *   socket 'data' → Client.onData → parser → dispatch → handler → reply
 *   appended to the client's `out`; the client is queued for flushing.
 *   One `setImmediate` per loop iteration runs `beforeSleep`: the active
 *   expiry fast cycle, later the AOF write, then one socket write per
 *   queued client.
 *   A `setInterval` at `hz` runs `serverCron`: the slow expiry cycle,
 *   client timeouts, statistics.
 */
import net from 'node:net';
import { Config, ConfigError } from './config.js';
import { Clock } from './clock.js';
import { Client } from './client.js';
import { Db, type DbHost } from './db.js';
import { createLogger, type Logger, type LogLevel } from './logger.js';
import { Stats } from './stats.js';
import { ActiveExpire } from './expire.js';
import { IdleGc } from './idle-gc.js';
import { call, dispatch } from './dispatch.js';
import { Blocking } from './blocking.js';
import { Watches } from './multi.js';
import { Scripting } from './scripting/engine.js';
import { PubSub, formatNotifyFlags, parseNotifyFlags } from './pubsub.js';
import { CommandTable } from '../commands/table.js';
import { ALL_COMMANDS } from '../commands/index.js';
import type { ServerApi } from '../commands/types.js';
import type { ParserLimits } from './resp-parser.js';

export { REDIS_VERSION_STRING as REDIS_VERSION } from '../commands/version.js';

export interface ServerOptions {
  /** Any redis.conf parameter, e.g. { port: 0, requirepass: 'x', 'maxmemory-policy': 'allkeys-lru' }. */
  config?: Record<string, string | number | boolean>;
  /** Where log lines go; null (the default for embedded servers) logs nothing. */
  logTo?: NodeJS.WritableStream | null;
  /** Called when SHUTDOWN or a signal stops the server (the CLI exits the process here). */
  onShutdown?: () => void;
  /** Run a full GC after write bursts once idle (server/idle-gc.ts); the CLI turns it on. */
  idleGc?: boolean;
}

/** A config value as redis.conf would spell it. */
function configString(v: string | number | boolean): string {
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  return String(v);
}

export class Server implements ServerApi, DbHost {
  readonly config = new Config();
  readonly clock = new Clock();
  readonly stats = new Stats();
  readonly commands = new CommandTable(ALL_COMMANDS);
  readonly logger: Logger;
  dbs: Db[] = [];
  readonly clients = new Map<number, Client>();
  readonly startTime = Date.now();
  readonly runId: string;
  dirty = 0;
  /** Live parser limits shared by every client (CONFIG SET updates them in place). */
  readonly parserLimits: ParserLimits = { maxBulkLen: 512 * 1024 * 1024 };
  queryBufferLimit = 1024 * 1024 * 1024;
  /** Listeners for the after-write hook: AOF and replication subscribe here. */
  readonly propagationListeners: ((dbId: number, argv: string[]) => void)[] = [];
  port = 0;
  /** The config file given at start-up ('' when none): CONFIG REWRITE and INFO read it. */
  configFile = '';
  private listeners: net.Server[] = [];
  private lastClientId = 0;
  private readonly flushQueue: Client[] = [];
  private flushScheduled = false;
  private cronTimer: NodeJS.Timeout | null = null;
  private cachedLruClock = 0;
  private readonly expire = new ActiveExpire(this);
  /** Channels, patterns and keyspace notifications (server/pubsub.ts). */
  readonly pubsub = new PubSub(() => this.clock.now());
  /** WATCHed keys and their clients (server/multi.ts). */
  readonly watches = new Watches(this);
  /** Lua scripting (server/scripting/engine.ts), created by the first scripting command. */
  scripting: Scripting | null = null;
  /** While EXEC runs, propagated commands are collected here to be wrapped in MULTI/EXEC. */
  private propagationCapture: [number, string[]][] | null = null;
  /** Clients waiting in blocking commands, and the keys that may wake them. */
  readonly blocking = new Blocking({
    clock: this.clock,
    reexecute: (c, cmd, argv) => call(this, c, cmd, argv),
  });
  private closing: Promise<void> | null = null;
  shuttingDown = false;
  private readonly onShutdown?: () => void;
  private readonly idleGc: IdleGc | null;
  private lastSecondTick = 0;

  constructor(options: ServerOptions = {}) {
    for (const [name, value] of Object.entries(options.config ?? {})) {
      try {
        this.config.set(name, configString(value), true);
      } catch (e) {
        if (e instanceof ConfigError) throw new ConfigError(`${name}: ${e.message}`);
        throw e;
      }
    }
    this.onShutdown = options.onShutdown;
    this.idleGc = options.idleGc ? new IdleGc() : null;
    this.logger = createLogger(this.config.getString('loglevel') as LogLevel, options.logTo ?? null);
    this.config.watch('loglevel', (v) => this.logger.setLevel(v as LogLevel));
    this.config.watch('proto-max-bulk-len', (v) => (this.parserLimits.maxBulkLen = v as number));
    this.config.watch('client-query-buffer-limit', (v) => (this.queryBufferLimit = v as number));
    this.config.watch('hz', () => this.restartCron());
    this.config.watch('notify-keyspace-events', (v) => (this.pubsub.notifyFlags = parseNotifyFlags(v as string) ?? 0));
    this.config.watch('client-output-buffer-limit', (v) => {
      const parts = String(v).split(' ');
      const i = parts.indexOf('pubsub');
      this.pubsub.limit = { hard: Number(parts[i + 1]), soft: Number(parts[i + 2]), softSeconds: Number(parts[i + 3]) };
    });
    this.runId = randomHex(40);
    const n = this.config.getNumber('databases');
    for (let i = 0; i < n; i++) this.dbs.push(new Db(i, this));
    this.refreshLruClock();
  }

  // --- lifecycle --------------------------------------------------------

  /** Bind every address in `bind` and start the cron. */
  async listen(): Promise<void> {
    const port = this.config.getNumber('port');
    const addrs = this.config.getString('bind').split(' ').filter((a) => a !== '');
    let chosen = port;
    for (const raw of addrs) {
      const optional = raw.startsWith('-');
      const addr = optional ? raw.slice(1) : raw;
      const srv = net.createServer({ noDelay: true }, (socket) => this.accept(socket));
      try {
        await new Promise<void>((resolve, reject) => {
          srv.once('error', reject);
          srv.listen({ port: chosen, host: addr === '*' ? undefined : addr, backlog: this.config.getNumber('tcp-backlog') }, () => {
            srv.off('error', reject);
            resolve();
          });
        });
      } catch (e) {
        if (optional) continue;
        this.logger.warning(`Warning: Could not create server TCP listening socket ${addr}:${chosen}: ${(e as Error).message}`);
        await this.close();
        throw e;
      }
      const address = srv.address();
      if (chosen === 0 && address && typeof address === 'object') chosen = address.port;
      this.listeners.push(srv);
    }
    this.port = chosen;
    this.config.set('port', String(chosen), true);
    this.restartCron();
    this.logger.notice('Server initialized');
    this.logger.notice('Ready to accept connections tcp');
  }

  /** Stop accepting, drop every client, stop timers. Leaves nothing that keeps Node alive. */
  close(): Promise<void> {
    if (this.closing) return this.closing;
    this.closing = (async () => {
      if (this.cronTimer) clearInterval(this.cronTimer);
      this.cronTimer = null;
      const closes = this.listeners.map((l) => new Promise<void>((r) => l.close(() => r())));
      for (const c of [...this.clients.values()]) {
        c.flush();
        c.close();
        c.socket?.destroy();
      }
      this.listeners = [];
      await Promise.all(closes);
    })();
    return this.closing;
  }

  /** SHUTDOWN and signals: log as Redis does, close, tell the embedder. */
  async shutdown(reason?: string): Promise<void> {
    if (this.shuttingDown) return;
    this.shuttingDown = true;
    if (reason) this.logger.warning(reason);
    this.logger.warning('User requested shutdown...');
    this.logger.warning('Redis is now ready to exit, bye bye...');
    await this.close();
    this.onShutdown?.();
  }

  // --- connections ------------------------------------------------------

  private accept(socket: net.Socket): void {
    this.stats.totalConnectionsReceived++;
    if (this.clients.size >= this.config.getNumber('maxclients')) {
      this.stats.rejectedConnections++;
      socket.end('-ERR max number of clients reached\r\n');
      return;
    }
    if (this.deniedByProtectedMode(socket)) {
      socket.end(PROTECTED_MODE_ERROR);
      return;
    }
    const keepAlive = this.config.getNumber('tcp-keepalive');
    if (keepAlive > 0) socket.setKeepAlive(true, keepAlive * 1000);
    const client = new Client(this, socket);
    this.clients.set(client.id, client);
    this.logger.verbose(`Accepted ${client.addr}`);
    socket.on('data', (chunk: Buffer) => {
      this.stats.netInputBytes += chunk.length;
      client.onData(chunk);
    });
    socket.on('error', () => client.close());
    socket.on('close', () => client.close());
  }

  /** Redis refuses non-loopback clients when nothing protects the server. */
  private deniedByProtectedMode(socket: net.Socket): boolean {
    if (!this.config.getBool('protected-mode') || this.config.getString('requirepass') !== '') return false;
    const addr = socket.remoteAddress ?? '';
    return !(addr.startsWith('127.') || addr === '::1' || addr.startsWith('::ffff:127.') || addr === '');
  }

  nextClientId(): number {
    return ++this.lastClientId;
  }

  requiresAuth(): boolean {
    return this.config.getString('requirepass') !== '';
  }

  unlinkClient(c: Client): void {
    this.blocking.drop(c);
    if (this.clients.delete(c.id)) this.logger.verbose(`Client closed connection ${c.describe()}`);
  }

  // --- commands ---------------------------------------------------------

  dispatch(c: Client, argv: string[]): void {
    dispatch(this, c, argv);
  }

  /** After-write hook: hand the (possibly rewritten) command to AOF/replicas. */
  propagate(dbId: number, argv: string[]): void {
    if (this.propagationCapture) {
      this.propagationCapture.push([dbId, argv]);
      return;
    }
    for (const l of this.propagationListeners) l(dbId, argv);
  }

  /** Collect propagated commands into `into` until the returned function is called. */
  capturePropagation(into: [number, string[]][]): () => void {
    const previous = this.propagationCapture;
    this.propagationCapture = into;
    return () => {
      this.propagationCapture = previous;
    };
  }

  /** The scripting engine, created on first use. */
  scriptingEngine(): Scripting {
    return (this.scripting ??= new Scripting(this));
  }

  // --- end of tick ------------------------------------------------------

  queueFlush(c: Client): void {
    this.flushQueue.push(c);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(this.beforeSleep);
    }
  }

  /** Redis's beforeSleep: last work of a loop iteration, then write replies. */
  private readonly beforeSleep = (): void => {
    this.flushScheduled = false;
    // While a busy script is suspended, nothing may change the data (scripts are atomic).
    if (!this.scripting?.busy) this.expire.fastCycle();
    const queue = this.flushQueue;
    for (let i = 0; i < queue.length; i++) {
      const c = queue[i];
      this.stats.netOutputBytes += c.out.length;
      c.flush();
    }
    queue.length = 0;
  };

  // --- cron -------------------------------------------------------------

  private restartCron(): void {
    if (this.cronTimer) clearInterval(this.cronTimer);
    this.cronTimer = null;
    if (this.listeners.length === 0 || this.closing) return;
    const hz = Math.max(1, this.config.getNumber('hz'));
    this.cronTimer = setInterval(() => this.serverCron(), Math.floor(1000 / hz));
    this.cronTimer.unref();
  }

  /** Runs `hz` times a second. */
  serverCron(): void {
    this.refreshLruClock();
    this.stats.sample(this.clock.now());
    if (!this.scripting?.busy) this.expire.slowCycle();
    this.blocking.cron();
    this.clientsCron();
    const second = Math.floor(Date.now() / 1000);
    if (second !== this.lastSecondTick) {
      this.lastSecondTick = second;
      this.idleGc?.tick(this.stats.totalCommandsProcessed);
    }
  }

  private clientsCron(): void {
    const timeout = this.config.getNumber('timeout');
    if (timeout === 0) return;
    const now = this.clock.now();
    for (const c of this.clients.values()) {
      if (!c.blocked && now - c.lastInteraction > timeout * 1000) {
        this.logger.verbose('Closing idle client');
        c.close();
      }
    }
  }

  // --- DbHost -----------------------------------------------------------

  lruClock(): number {
    return this.cachedLruClock;
  }

  refreshLruClock(): void {
    this.cachedLruClock = Math.floor(this.clock.now() / 1000) >>> 0;
  }

  expiresLocally(): boolean {
    return true;
  }

  onExpired(db: Db, key: string): void {
    this.notifyKeyspaceEvent('x', 'expired', key, db.id);
    this.propagate(db.id, [this.config.getBool('lazyfree-lazy-expire') ? 'UNLINK' : 'DEL', key]);
  }

  signalModifiedKey(db: Db, key: string): void {
    this.watches.touch(db.id, key);
    this.blocking.signal(db.id, key);
  }

  onKeyMiss(db: Db, key: string): void {
    if (this.pubsub.notifyFlags !== 0) this.pubsub.notify('m', 'keymiss', key, db.id);
  }

  onFlush(db: Db): void {
    this.watches.touchDb(db.id);
    this.blocking.signalDb(db.id);
  }

  notifyKeyspaceEvent(type: string, event: string, key: string, dbId: number): void {
    if (this.pubsub.notifyFlags !== 0) this.pubsub.notify(type, event, key, dbId);
  }

  // --- ServerApi --------------------------------------------------------

  setActiveExpire(enabled: boolean): void {
    this.expire.enabled = enabled;
  }

  swapDb(a: number, b: number): void {
    const da = this.dbs[a];
    const db = this.dbs[b];
    this.dbs[a] = db;
    this.dbs[b] = da;
    da.id = b;
    db.id = a;
    // Clients keep their selected index, not the object.
    for (const c of this.clients.values()) {
      if (c.db === da) c.db = db;
      else if (c.db === db) c.db = da;
    }
    // Watched keys that exist on either side changed value.
    this.watches.touchDb(a, b);
    this.watches.touchDb(b, a);
    // Clients blocked on keys of either index may find data there now.
    this.blocking.signalDb(a);
    this.blocking.signalDb(b);
  }

  flushAll(): number {
    let n = 0;
    for (const db of this.dbs) n += db.clear();
    return n;
  }
}

const PROTECTED_MODE_ERROR =
  '-DENIED Redis is running in protected mode because protected mode is enabled and no password is set for the default user. ' +
  'In this mode connections are only accepted from the loopback interface. If you want to connect from external computers to Redis you may adopt one of the following solutions: ' +
  "1) Just disable protected mode sending the command 'CONFIG SET protected-mode no' from the loopback interface by connecting to Redis from the same host the server is running, however MAKE SURE Redis is not publicly accessible from internet if you do so. Use CONFIG REWRITE to make this change permanent. " +
  '2) Alternatively you can just disable the protected mode by editing the Redis configuration file, and setting the protected mode option to \'no\', and then restarting the server. ' +
  '3) If you started the server manually just for testing, restart it with the \'--protected-mode no\' option. ' +
  "4) Set up an authentication password for the default user. NOTE: You only need to do one of the above things in order for the server to start accepting connections from the outside.\r\n";

function randomHex(n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += Math.floor(Math.random() * 16).toString(16);
  return s;
}
