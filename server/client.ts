/**
 * One connection: its socket, request parser, reply buffer and the state
 * commands keep per client (selected db, protocol version, name, ...).
 *
 * Replies are accumulated as one latin1 string per client (`out`). V8 joins
 * string concatenations lazily (rope/"cons" strings), so appending a reply
 * that embeds a stored value does not copy the value; the rope is
 * flattened once, by the single socket write made for this client at the
 * end of the event-loop tick (see Server.flushClients and
 * docs/event-loop.md).
 */
import type { Socket } from 'node:net';
import { ProtocolError, RequestParser } from './resp-parser.js';
import { execTransaction } from './dispatch.js';
import type { CommandContext, DbApi, ReplyMode } from '../commands/types.js';
import { RawString, type StringValue } from '../datatypes/values.js';
import { formatDouble } from '../datatypes/numbers.js';
import type { Server } from './server.js';
import type { Db } from './db.js';
import type { BlockState } from './blocking.js';
import type { MultiState } from './multi.js';
import type { ResolvedCommand } from '../commands/table.js';

const CRLF = '\r\n';

/** Redis replaces CR/LF in error texts so the reply stays one line. */
function sanitizeError(msg: string): string {
  return msg.indexOf('\r') < 0 && msg.indexOf('\n') < 0 ? msg : msg.replace(/[\r\n]/g, ' ');
}

export class Client implements CommandContext {
  readonly id: number;
  name = '';
  resp = 2;
  db: Db;
  authenticated: boolean;
  /** Pending reply bytes for this tick (latin1). */
  out = '';
  /** Bytes handed to the socket and not yet written (for output limits / CLIENT LIST omem). */
  readonly ctime: number;
  lastInteraction: number;
  lastCommand = 'NULL';
  replyMode: ReplyMode = 'on';
  noEvict = false;
  /** Close once the pending replies are written (QUIT, protocol errors, CLIENT KILL of self). */
  closeAfterReply = false;
  closed = false;
  /** True while a blocking command waits; input is not processed meanwhile. */
  blocked = false;
  blockState: BlockState | null = null;
  /** The command being executed (set by call(); blockOn needs it). */
  currentCmd: ResolvedCommand | null = null;
  currentArgv: string[] = [];
  /** Inside MULTI/EXEC or a script: blocking commands must not block. */
  inTransaction = false;
  /** Commands queued since MULTI, or null outside a transaction. */
  multi: MultiState | null = null;
  /** A watched key changed: the next EXEC must fail (Redis's CLIENT_DIRTY_CAS). */
  dirtyCas = false;
  /** Pub/sub (server/pubsub.ts). */
  readonly subscriptions = new Set<string>();
  readonly patterns = new Set<string>();
  readonly shardSubscriptions = new Set<string>();
  /** When pending output first passed the pubsub soft limit (0: not over it). */
  softLimitSince = 0;
  libName = '';
  libVersion = '';
  /** Propagation overrides for the command being executed. */
  propagateArgv: string[] | null = null;
  extraPropagation: [number, string[]][] | null = null;
  readonly parser: RequestParser;
  readonly addr: string;
  readonly laddr: string;
  private flushQueued = false;

  constructor(
    readonly server: Server,
    readonly socket: Socket | null,
  ) {
    this.id = server.nextClientId();
    this.db = server.dbs[0];
    this.authenticated = !server.requiresAuth();
    this.parser = new RequestParser(server.parserLimits);
    this.parser.authenticated = this.authenticated;
    this.ctime = this.lastInteraction = server.clock.now();
    this.addr = socket ? `${socket.remoteAddress}:${socket.remotePort}` : '';
    this.laddr = socket ? `${socket.localAddress}:${socket.localPort}` : '';
  }

  // --- input ------------------------------------------------------------

  onData(chunk: Buffer): void {
    this.lastInteraction = this.server.clock.now();
    this.parser.feed(chunk);
    this.processInput();
  }

  /** Run every complete command buffered, unless the client blocks or closes. */
  processInput(): void {
    try {
      while (!this.blocked && !this.closeAfterReply && !this.closed) {
        const argv = this.parser.next();
        if (argv === null) break;
        this.server.dispatch(this, argv);
      }
    } catch (e) {
      if (!(e instanceof ProtocolError)) throw e;
      this.server.logger.verbose(`Protocol error (${e.reason}) from client: ${this.describe()}. ${this.parser.queryBufferDump()}`);
      this.addError(`ERR ${e.message}`);
      this.closeAfterReply = true;
    }
    if (!this.closed && this.parser.bufferedBytes > this.server.queryBufferLimit) {
      this.server.logger.warning(`Closing client that reached max query buffer length: ${this.describe()}`);
      this.close();
      return;
    }
    this.queueFlush();
  }

  // --- output -----------------------------------------------------------

  queueFlush(): void {
    if (this.flushQueued || (this.out.length === 0 && !this.closeAfterReply)) return;
    this.flushQueued = true;
    this.server.queueFlush(this);
  }

  /** Called once per tick by the server: one socket write per client. */
  flush(): void {
    this.flushQueued = false;
    if (this.closed) return;
    if (this.out.length > 0) {
      const data = this.out;
      this.out = '';
      this.socket?.write(data, 'latin1');
    }
    if (this.closeAfterReply) this.close();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.out = '';
    if (this.socket) {
      this.socket.end();
      this.socket.destroySoon();
    }
    this.multi = null;
    this.server.pubsub.drop(this);
    this.server.unlinkClient(this);
  }

  // --- Reply (RESP2 / RESP3) --------------------------------------------

  addOk(): void {
    this.out += '+OK\r\n';
  }

  addStatus(s: string): void {
    this.out += '+' + s + CRLF;
  }

  addError(msg: string): void {
    this.server.stats.recordError(msg);
    this.out += '-' + sanitizeError(msg) + CRLF;
  }

  addInt(n: number | bigint): void {
    this.out += ':' + n + CRLF;
  }

  addBulk(s: string): void {
    this.out += '$' + s.length + CRLF + s + CRLF;
  }

  addValue(v: StringValue): void {
    this.addBulk(typeof v === 'string' ? v : (v as RawString).toString());
  }

  addNull(): void {
    this.out += this.resp === 2 ? '$-1\r\n' : '_\r\n';
  }

  addNullArray(): void {
    this.out += this.resp === 2 ? '*-1\r\n' : '_\r\n';
  }

  addArrayLen(n: number): void {
    this.out += '*' + n + CRLF;
  }

  addMapLen(n: number): void {
    this.out += this.resp === 2 ? '*' + 2 * n + CRLF : '%' + n + CRLF;
  }

  addSetLen(n: number): void {
    this.out += (this.resp === 2 ? '*' : '~') + n + CRLF;
  }

  addDouble(d: number): void {
    const s = formatDouble(d);
    if (this.resp === 2) this.addBulk(s);
    else this.out += ',' + s + CRLF;
  }

  addBool(b: boolean): void {
    if (this.resp === 2) this.out += b ? ':1\r\n' : ':0\r\n';
    else this.out += b ? '#t\r\n' : '#f\r\n';
  }

  addBulks(items: readonly string[]): void {
    this.addArrayLen(items.length);
    for (const s of items) this.addBulk(s);
  }

  addVerbatim(text: string, format = 'txt'): void {
    if (this.resp === 2) this.addBulk(text);
    else this.out += '=' + (text.length + 4) + CRLF + format + ':' + text + CRLF;
  }

  addRaw(resp: string): void {
    this.out += resp;
  }

  addPushLen(n: number): void {
    this.out += (this.resp === 2 ? '*' : '>') + n + CRLF;
  }

  /** RESP2 clients with subscriptions may only run the pub/sub commands. */
  get inPubSubContext(): boolean {
    return this.resp === 2 && (this.subscriptions.size > 0 || this.patterns.size > 0 || this.shardSubscriptions.size > 0);
  }

  /**
   * Deliver a published message (outside this client's own command, so the
   * flush is queued here). A subscriber over the pubsub output limit is
   * disconnected instead of growing without bound.
   */
  pushMessage(kind: string, pattern: string | null, channel: string, message: string): void {
    if (this.closed || this.replyMode === 'off') return;
    this.addPushLen(pattern === null ? 3 : 4);
    this.addBulk(kind);
    if (pattern !== null) this.addBulk(pattern);
    this.addBulk(channel);
    this.addBulk(message);
    this.queueFlush();
    const pending = this.out.length + (this.socket?.writableLength ?? 0);
    if (this.server.pubsub.overLimit(this, pending)) {
      this.server.logger.warning(`Client ${this.describe()} scheduled to be closed ASAP for overcoming of output buffer limits.`);
      // Drop what is queued: the client is gone, as Redis frees it at once.
      this.socket?.destroy();
      this.close();
    }
  }

  // --- propagation overrides (read by the after-write hook) --------------

  rewritePropagation(argv: string[]): void {
    this.propagateArgv = argv;
  }

  alsoPropagate(dbId: number, argv: string[]): void {
    (this.extraPropagation ??= []).push([dbId, argv]);
  }

  // --- transactions (server/multi.ts) -------------------------------------

  get inMulti(): boolean {
    return this.multi !== null;
  }

  startMulti(): void {
    this.multi = { queue: [], aborted: false };
  }

  discardMulti(): void {
    this.multi = null;
    this.dirtyCas = false;
    this.server.watches.unwatchAll(this);
  }

  execMulti(): void {
    execTransaction(this.server, this);
  }

  watchKeys(keys: readonly string[]): void {
    for (const k of keys) this.server.watches.watch(this, this.db.id, k);
  }

  unwatchKeys(): void {
    this.server.watches.unwatchAll(this);
    this.dirtyCas = false;
  }

  get canBlock(): boolean {
    return !this.inTransaction;
  }

  blockOn(keys: string[], timeoutMs: number, timeoutReply: 'nullArray' | 'null' = 'nullArray'): void {
    const cmd = this.currentCmd;
    if (!cmd) throw new Error('blockOn outside a command');
    this.server.blocking.block(this, cmd, this.currentArgv, keys, timeoutMs, timeoutReply);
  }

  selectDb(db: DbApi): void {
    this.db = db as Db;
  }

  /** A short description for log lines (Redis logs CLIENT LIST's line). */
  describe(): string {
    return this.infoLine();
  }

  /** CLIENT LIST / CLIENT INFO line, with Redis 7.0's fields in Redis's order. */
  infoLine(): string {
    const now = this.server.clock.now();
    const qbuf = this.parser.bufferedBytes;
    const flags =
      (this.blocked ? 'b' : '') + (this.closeAfterReply ? 'c' : '') + (this.dirtyCas ? 'd' : '') + (this.noEvict ? 'e' : '') + (this.inPubSubContext || this.subscriptions.size + this.patterns.size > 0 ? 'P' : '') + (this.multi ? 'x' : '') || 'N';
    return (
      `id=${this.id} addr=${this.addr} laddr=${this.laddr} fd=${this.fd()} name=${this.name} ` +
      `age=${Math.floor((now - this.ctime) / 1000)} idle=${Math.floor((now - this.lastInteraction) / 1000)} ` +
      `flags=${flags} db=${this.db.id} sub=${this.subscriptions.size} psub=${this.patterns.size} ssub=${this.shardSubscriptions.size} multi=${this.multi ? this.multi.queue.length : -1} qbuf=${qbuf} qbuf-free=${Math.max(0, 20474 - qbuf)} ` +
      `argv-mem=0 multi-mem=0 rbs=16384 rbp=16384 obl=0 oll=0 omem=${this.out.length} tot-mem=${20480 + qbuf + this.out.length} ` +
      `events=r cmd=${this.lastCommand} user=default redir=-1 resp=${this.resp}`
    );
  }

  private fd(): number {
    const handle = (this.socket as unknown as { _handle?: { fd?: number } } | null)?._handle;
    return handle?.fd ?? -1;
  }
}
