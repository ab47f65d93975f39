/**
 * The shape of a command: its metadata (what Redis keeps in
 * src/commands/*.json) and its handler, side by side. One table built from
 * these specs serves dispatch (lookup, arity), COMMAND INFO/DOCS/GETKEYS,
 * ACL categories, cluster key checks and propagation.
 *
 * Handlers see a `CommandContext`: the reply writer, the selected database
 * and a narrow view of the server. They never see a socket.
 */
import type { Value, StringValue } from '../datatypes/values.js';
import type { CommandTable } from './table.js';

export type CommandFlag =
  | 'write'
  | 'readonly'
  | 'denyoom'
  | 'module'
  | 'admin'
  | 'pubsub'
  | 'noscript'
  | 'blocking'
  | 'loading'
  | 'stale'
  | 'skip_monitor'
  | 'skip_slowlog'
  | 'asking'
  | 'fast'
  | 'no_auth'
  | 'may_replicate'
  | 'sentinel'
  | 'only_sentinel'
  | 'no_mandatory_keys'
  | 'protected'
  | 'no_async_loading'
  | 'no_multi'
  | 'movablekeys'
  | 'allow_busy';

/** One argument in the documentation tree (COMMAND DOCS "arguments"). */
export interface ArgDoc {
  name: string;
  type: 'string' | 'integer' | 'double' | 'key' | 'pattern' | 'unix-time' | 'pure-token' | 'oneof' | 'block';
  token?: string;
  optional?: boolean;
  multiple?: boolean;
  multipleToken?: boolean;
  keySpecIndex?: number;
  /** A short description of the argument (rare; COMMAND DOCS "summary"). */
  summary?: string;
  since?: string;
  deprecatedSince?: string;
  arguments?: readonly ArgDoc[];
}

/** Where the keys are in argv: Redis's legacy (first, last, step) triple. */
export interface KeyRange {
  first: number;
  /** Negative counts from the end: -1 is the last argument. */
  last: number;
  step: number;
}

/**
 * Key-spec flags, spelled as COMMAND INFO prints them: exactly one of RO
 * (read only), RW (read and write), OW (overwrite without reading), RM
 * (remove), then what happens to the data: access (user data is returned or
 * copied), update, insert, delete; and the qualifiers.
 */
export type KeySpecFlag =
  | 'RO'
  | 'RW'
  | 'OW'
  | 'RM'
  | 'access'
  | 'update'
  | 'insert'
  | 'delete'
  | 'not_key'
  | 'incomplete'
  | 'variable_flags';

/**
 * One of Redis 7's key specifications (src/commands/*.json "key_specs"):
 * where the search for keys begins, and how the keys are found from there.
 */
export interface KeySpec {
  notes?: string;
  flags: readonly KeySpecFlag[];
  /** An argv index, a keyword searched from `startFrom` (negative: from the end, backwards), or unknown. */
  beginSearch: { index: number } | { keyword: string; startFrom: number } | 'unknown';
  /**
   * From the begin index: a range (lastKey relative to it, -1 = up to the
   * end; limit > 1 divides the remaining args), a key count read at
   * `keyNumIdx` with the keys from `firstKey`, or unknown.
   */
  findKeys: { lastKey: number; keyStep: number; limit: number } | { keyNumIdx: number; firstKey: number; keyStep: number } | 'unknown';
}

export type Handler = (c: CommandContext, argv: string[]) => void;

export interface CommandSpec {
  /** Lowercase name; subcommands are named by their own word ("get"). */
  name: string;
  /** Redis convention: N means exactly N words, -N at least N (the name counts). */
  arity: number;
  flags: readonly CommandFlag[];
  /** ACL categories beyond those implied by the flags (e.g. "string", "keyspace"). */
  acl?: readonly string[];
  keys?: KeyRange;
  /** For commands whose keys a range cannot describe (movable keys). */
  getKeys?: (argv: string[]) => number[];
  /**
   * Flags of the one key spec derived from `keys` (COMMAND INFO). When
   * absent: RO+access for readonly commands, RW+access+update otherwise.
   */
  keyFlags?: readonly KeySpecFlag[];
  /**
   * Redis's full key specs, for commands that have several (RENAME, LMOVE,
   * ZUNIONSTORE, ...), notes, or keyword/keynum searches. Overrides the spec
   * derived from `keys` + `keyFlags`; `keys` stays the legacy
   * (first, last, step) triple COMMAND INFO prints.
   */
  keySpecs?: readonly KeySpec[];
  group: string;
  since: string;
  summary: string;
  complexity?: string;
  docFlags?: readonly string[];
  /** Deprecated commands: the version, and what replaces them (COMMAND DOCS). */
  deprecatedSince?: string;
  replacedBy?: string;
  history?: readonly (readonly [string, string])[];
  tips?: readonly string[];
  args?: readonly ArgDoc[];
  subcommands?: readonly CommandSpec[];
  /** Container commands (CONFIG, CLIENT, …) have subcommands and no handler. */
  handler?: Handler;
}

/** What a handler may ask of the database it runs against. */
export interface DbApi {
  readonly id: number;
  /** Lookup for reading: expires lazily, touches LRU, counts hits/misses. */
  lookupRead(key: string): Value | undefined;
  /** Lookup before a write: expires lazily, no hit/miss accounting. */
  lookupWrite(key: string): Value | undefined;
  /** Lookup that counts hits/misses but leaves the LRU clock alone (TYPE, TTL, OBJECT: LOOKUP_NOTOUCH). */
  lookupReadNoTouch(key: string): Value | undefined;
  /** Lookup with no side effect but lazy expiry: no stats, no LRU touch. */
  peek(key: string): Value | undefined;
  /** Existence without touching the LRU clock (EXISTS still expires lazily). */
  exists(key: string): boolean;
  /** Store a value; drops the TTL unless keepTtl. Signals the key modified. */
  setKey(key: string, value: Value, keepTtl?: boolean): void;
  /** Replace the value of an existing key in place (keeps the TTL). */
  overwrite(key: string, value: Value): void;
  delete(key: string): boolean;
  /** Call after changing a value in place (collections): WATCH and blocked clients rely on it. */
  signalModified(key: string): void;
  /** Absolute expire time in ms, or -1. */
  getExpire(key: string): number;
  setExpire(key: string, whenMs: number): void;
  persist(key: string): boolean;
  readonly size: number;
  readonly expiresCount: number;
  randomKey(): string | null;
  /** One SCAN step over the keys: returns the next cursor. */
  scan(cursor: number, count: number, visit: (key: string, value: Value) => void): number;
  /** Every live key (expired ones are skipped, not deleted). */
  forEachKey(visit: (key: string, value: Value) => void): void;
  /** Seconds since the key was last touched (OBJECT IDLETIME). */
  idleSeconds(key: string): number;
  clear(): number;
}

/** The configuration table as seen by commands (CONFIG, INFO). */
export interface ConfigApi {
  getNumber(name: string): number;
  getString(name: string): string;
  getBool(name: string): boolean;
  /** Validate and apply several pairs atomically; returns an error reply or null. */
  setMany(pairs: readonly [string, string][]): string | null;
  match(patterns: readonly string[]): [string, string][];
  entries(): [string, string][];
}

/** Server counters (INFO stats, CONFIG RESETSTAT); see server/stats.ts. */
export interface ServerStats {
  totalConnectionsReceived: number;
  totalCommandsProcessed: number;
  rejectedConnections: number;
  expiredKeys: number;
  /** Estimated share of stale keys among those with a TTL, in percent. */
  expiredStaleRatio: number;
  expiredTimeCapReachedCount: number;
  expireCycleCpuMs: number;
  evictedKeys: number;
  keyspaceHits: number;
  keyspaceMisses: number;
  netInputBytes: number;
  netOutputBytes: number;
  totalErrorReplies: number;
  /** Highest used_memory seen by INFO / MEMORY (Redis's stat_peak_memory). */
  peakMemory: number;
  /** Error code ("ERR", "WRONGTYPE") → count. */
  readonly errors: ReadonlyMap<string, number>;
  instantaneous(): { ops: number; inKbps: number; outKbps: number };
  reset(): void;
}

/** The server's log, at Redis's levels. */
export interface LogApi {
  debug(msg: string): void;
  verbose(msg: string): void;
  notice(msg: string): void;
  warning(msg: string): void;
}

/** Pub/sub registries as seen by commands (server/pubsub.ts). */
export interface PubSubApi {
  subscribe(c: CommandContext, channel: string, shard?: boolean): boolean;
  unsubscribe(c: CommandContext, channel: string, shard?: boolean): boolean;
  psubscribe(c: CommandContext, pattern: string): boolean;
  punsubscribe(c: CommandContext, pattern: string): boolean;
  publish(channel: string, message: string): number;
  spublish(channel: string, message: string): number;
  readonly channels: ReadonlyMap<string, ReadonlySet<unknown>>;
  readonly patterns: ReadonlyMap<string, unknown>;
  readonly shardChannels: ReadonlyMap<string, ReadonlySet<unknown>>;
}

/** The server as seen by commands. */
export interface ServerApi {
  readonly clock: { now(): number; advance(ms: number): void };
  readonly dbs: readonly DbApi[];
  readonly config: ConfigApi;
  readonly clients: ReadonlyMap<number, CommandContext>;
  readonly pubsub: PubSubApi;
  readonly runId: string;
  port: number;
  requiresAuth(): boolean;
  readonly startTime: number;
  /** Count of changes since the last save (Redis's server.dirty). */
  dirty: number;
  /** Keyspace event hook (notifications arrive with a later issue). */
  notifyKeyspaceEvent(type: string, event: string, key: string, dbId: number): void;
  /** A key was changed: invalidates WATCH, wakes blocked clients (later issues). */
  signalModifiedKey(db: DbApi, key: string): void;
  swapDb(a: number, b: number): void;
  flushAll(): number;
  // --- introspection (INFO, COMMAND, CONFIG, DEBUG, SHUTDOWN) ---
  readonly stats: ServerStats;
  /** The command table (COMMAND, INFO commandstats, CONFIG RESETSTAT). */
  readonly commands: CommandTable;
  readonly logger: LogApi;
  /** Path of the config file the server was started with, '' when none (CONFIG REWRITE, INFO). */
  readonly configFile: string;
  /** Coarse LRU clock in seconds (Redis's LRU_CLOCK, before the 24-bit mask). */
  lruClock(): number;
  /** DEBUG SET-ACTIVE-EXPIRE: switch the active expiry cycle on or off. */
  setActiveExpire(enabled: boolean): void;
  /** SHUTDOWN: close every client and listener; the embedder is told. */
  shutdown(reason?: string): Promise<void>;
}

/** Reply writer: RESP2 or RESP3 depending on the client's protocol. */
export interface Reply {
  addOk(): void;
  addStatus(s: string): void;
  /** `msg` starts with the error code, e.g. "ERR syntax error", "WRONGTYPE ...". */
  addError(msg: string): void;
  addInt(n: number | bigint): void;
  addBulk(s: string): void;
  addValue(v: StringValue): void;
  /** Null bulk string: `$-1` in RESP2, `_` in RESP3. */
  addNull(): void;
  /** Null array: `*-1` in RESP2, `_` in RESP3. */
  addNullArray(): void;
  addArrayLen(n: number): void;
  /** RESP3 map header; in RESP2 an array of 2n items. */
  addMapLen(n: number): void;
  /** RESP3 set header; in RESP2 an array. */
  addSetLen(n: number): void;
  addDouble(d: number): void;
  addBool(b: boolean): void;
  addBulks(items: readonly string[]): void;
  /** Verbatim text (RESP3 `=`), a bulk string in RESP2. */
  addVerbatim(text: string, format?: string): void;
  /** Splice a raw, already-encoded RESP fragment (used by MULTI/EXEC and scripts later). */
  addRaw(resp: string): void;
}

export type ReplyMode = 'on' | 'off' | 'skip' | 'skip-next';

export interface CommandContext extends Reply {
  readonly server: ServerApi;
  db: DbApi;
  readonly id: number;
  name: string;
  /** 2 or 3. */
  resp: number;
  authenticated: boolean;
  /** True while a blocking command waits (CLIENT LIST flag b, INFO blocked_clients). */
  readonly blocked: boolean;
  replyMode: ReplyMode;
  noEvict: boolean;
  /** Close the connection once pending replies are written. */
  closeAfterReply: boolean;
  readonly addr: string;
  readonly laddr: string;
  selectDb(db: DbApi): void;
  /**
   * False inside MULTI/EXEC and scripts, where blocking commands must answer
   * at once (as if their timeout had expired).
   */
  readonly canBlock: boolean;
  /**
   * Park this client until one of `keys` (in the current db) changes or the
   * timeout (ms, 0 = forever) passes; the handler is then run again with the
   * same argv (server/blocking.ts). On timeout the client gets a null array
   * ('nullArray', BLPOP) or a null bulk ('null', BLMOVE).
   */
  blockOn(keys: string[], timeoutMs: number, timeoutReply?: 'nullArray' | 'null'): void;
  /** Pub/sub state of this connection. */
  readonly subscriptions: ReadonlySet<string>;
  readonly patterns: ReadonlySet<string>;
  readonly shardSubscriptions: ReadonlySet<string>;
  /** Header of a pub/sub frame: a push (`>`) in RESP3, an array in RESP2. */
  addPushLen(n: number): void;
  /** Transactions (server/multi.ts): true between MULTI and EXEC/DISCARD. */
  readonly inMulti: boolean;
  startMulti(): void;
  /** Drop the queue and every WATCH (DISCARD, RESET). */
  discardMulti(): void;
  /** Run the queue (EXEC), replying with the array of replies or the failure. */
  execMulti(): void;
  watchKeys(keys: readonly string[]): void;
  unwatchKeys(): void;
  /** CLIENT LIST / CLIENT INFO line for this client. */
  infoLine(): string;
  /** Close now (CLIENT KILL of another client). */
  close(): void;
  /** Rewrite what is propagated to AOF/replicas for this call (e.g. EXPIRE → PEXPIREAT). */
  rewritePropagation(argv: string[]): void;
  /** Propagate an extra command after this one (e.g. a lazy expiry DEL). */
  alsoPropagate(dbId: number, argv: string[]): void;
}
