/**
 * Generic key commands (Redis's db.c, expire.c and object.c): commands that
 * work on keys whatever their type — DEL, EXISTS, TYPE, RENAME, MOVE, COPY,
 * KEYS, SCAN, RANDOMKEY, the EXPIRE/TTL families, OBJECT — plus DBSIZE and
 * FLUSHDB/FLUSHALL, which Redis files under the "server" group.
 *
 * Conventions that matter for byte-compatibility:
 *  - Option words are compared as Redis compares them (strcasecmp on the
 *    argument's C string): an argument ends at its first NUL byte, so
 *    "nx\0junk" is NX, exactly as on Redis.
 *  - Lookups use the flavour Redis uses for each command: TYPE, EXISTS,
 *    TTL and OBJECT count keyspace hits/misses without refreshing the LRU
 *    clock; TOUCH and COPY refresh it; write commands count no hits.
 *  - Every lookup expires lazily, so a key past its deadline is never seen.
 */
import type { ArgDoc, CommandContext, CommandSpec, DbApi, KeySpec } from './types.js';
import { DB_INDEX_OUT_OF_RANGE, INVALID_EXPIRE, NOT_INTEGER, NO_SUCH_KEY, SYNTAX } from './errors.js';
import { addHelp, isWord, parseScanCursor } from './help.js';
import { isString, stringEncoding, typeOf, type Value } from '../datatypes/values.js';
import { parseInt64, parseSafeInt, INT64_MAX, INT64_MIN } from '../datatypes/numbers.js';
import { compileGlob } from '../datatypes/glob.js';

const SAME_OBJECT = 'ERR source and destination objects are the same';
const INT_MIN = -2147483648;
const INT_MAX = 2147483647;
const INT_RANGE = `ERR value is out of range, value must between ${INT_MIN} and ${INT_MAX}`;

/** Redis's OBJ_SHARED_REFCOUNT: the refcount reported for shared objects. */
const SHARED_REFCOUNT = 2147483647;
/** Redis's OBJ_SHARED_INTEGERS: 0..9999 are shared objects. */
const SHARED_INTEGERS = 10000;
/** Redis's LFU_INIT_VAL: the counter of a key that was never accessed. */
const LFU_INIT_VAL = 5;

const LFU_NOT_SELECTED =
  'ERR An LFU maxmemory policy is not selected, access frequency not tracked. ' +
  'Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.';
const LFU_SELECTED =
  'ERR An LFU maxmemory policy is selected, idle time not tracked. ' +
  'Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.';

// --- small helpers ---------------------------------------------------------

/** An argument as C sees it through `char *`: it ends at the first NUL byte. */
function cstr(s: string): string {
  const nul = s.indexOf('\0');
  return nul < 0 ? s : s.slice(0, nul);
}

/**
 * Redis's lookupKeyReadWithFlags(LOOKUP_NOTOUCH): lazy expiry and hit/miss
 * statistics, but the LRU clock is left alone (TYPE, EXISTS, TTL, OBJECT).
 * The server's Db provides it; a DbApi without it falls back to a plain read.
 */
function lookupNoTouch(db: DbApi, key: string): Value | undefined {
  const d = db as DbApi & { lookupReadNoTouch?: (key: string) => Value | undefined };
  return d.lookupReadNoTouch ? d.lookupReadNoTouch(key) : db.lookupRead(key);
}

/**
 * A deadline kept as a JS number, back as the int64 it was set from.
 * Deadlines past 2^53 ms are rounded to a double when stored; the shortest
 * decimal that reads back as that double is the number as it was typed in
 * the common case (round values such as 9223372036854770000), and the int64
 * range clamps what rounding pushed past it (2^63-1 is stored as 2^63).
 */
function exactInt(n: number): bigint {
  if (Number.isSafeInteger(n)) return BigInt(n);
  const b = BigInt(String(n));
  return b > INT64_MAX ? INT64_MAX : b < INT64_MIN ? INT64_MIN : b;
}

/**
 * Redis's getIntFromObjectOrReply followed by selectDb's range check: the
 * database with that index, or null after replying the error.
 */
function dbArgOrReply(c: CommandContext, s: string): DbApi | null {
  const v = parseInt64(s);
  if (v === null) {
    c.addError(NOT_INTEGER);
    return null;
  }
  if (v < INT_MIN || v > INT_MAX) {
    c.addError(INT_RANGE);
    return null;
  }
  const id = Number(v);
  if (id < 0 || id >= c.server.dbs.length) {
    c.addError(DB_INDEX_OUT_OF_RANGE);
    return null;
  }
  return c.server.dbs[id];
}

function clusterEnabled(c: CommandContext): boolean {
  return c.server.config.getBool('cluster-enabled');
}

function lfuPolicy(c: CommandContext): boolean {
  return c.server.config.getString('maxmemory-policy').endsWith('-lfu');
}

/** Redis's MAXMEMORY_FLAG_NO_SHARED_INTEGERS: an LRU or LFU policy stops integer sharing. */
function sharesIntegers(c: CommandContext): boolean {
  if (c.server.config.getNumber('maxmemory') === 0) return true;
  const policy = c.server.config.getString('maxmemory-policy');
  return !(policy.endsWith('-lru') || policy.endsWith('-lfu'));
}

/** An independent copy of a value (COPY): immutable strings are shared, everything else duplicated. */
function duplicate(v: Value): Value {
  return typeof v === 'string' ? v : v.clone();
}

// --- DEL, UNLINK, EXISTS, TOUCH, TYPE ----------------------------------------

function del(c: CommandContext, argv: string[]): void {
  // UNLINK differs from DEL only in where memory is freed; JS has one heap.
  const db = c.db;
  let deleted = 0;
  for (let j = 1; j < argv.length; j++) {
    if (db.delete(argv[j])) {
      c.server.notifyKeyspaceEvent('g', 'del', argv[j], db.id);
      c.server.dirty++;
      deleted++;
    }
  }
  c.addInt(deleted);
}

function exists(c: CommandContext, argv: string[]): void {
  // Each argument counts, so a key named twice counts twice.
  let count = 0;
  for (let j = 1; j < argv.length; j++) if (lookupNoTouch(c.db, argv[j]) !== undefined) count++;
  c.addInt(count);
}

function touch(c: CommandContext, argv: string[]): void {
  let count = 0;
  for (let j = 1; j < argv.length; j++) if (c.db.lookupRead(argv[j]) !== undefined) count++;
  c.addInt(count);
}

function type(c: CommandContext, argv: string[]): void {
  const v = lookupNoTouch(c.db, argv[1]);
  c.addStatus(v === undefined ? 'none' : typeOf(v));
}

// --- RENAME, RENAMENX, MOVE, COPY --------------------------------------------

function rename(c: CommandContext, argv: string[], nx: boolean): void {
  const db = c.db;
  const src = argv[1];
  const dst = argv[2];
  const value = db.lookupWrite(src);
  if (value === undefined) {
    c.addError(NO_SUCH_KEY);
    return;
  }
  // Same name: nothing to do, but only once the key is known to exist.
  if (src === dst) {
    if (nx) c.addInt(0);
    else c.addOk();
    return;
  }
  const expire = db.getExpire(src);
  if (db.lookupWrite(dst) !== undefined && nx) {
    c.addInt(0);
    return;
  }
  db.setKey(dst, value); // replaces any old value and drops its TTL
  if (expire !== -1) db.setExpire(dst, expire);
  db.delete(src);
  c.server.notifyKeyspaceEvent('g', 'rename_from', src, db.id);
  c.server.notifyKeyspaceEvent('g', 'rename_to', dst, db.id);
  c.server.dirty++;
  if (nx) c.addInt(1);
  else c.addOk();
}

function move(c: CommandContext, argv: string[]): void {
  if (clusterEnabled(c)) {
    c.addError('ERR MOVE is not allowed in cluster mode');
    return;
  }
  const src = c.db;
  const dst = dbArgOrReply(c, argv[2]);
  if (dst === null) return;
  if (dst === src) {
    c.addError(SAME_OBJECT);
    return;
  }
  const key = argv[1];
  const value = src.lookupWrite(key);
  if (value === undefined || dst.lookupWrite(key) !== undefined) {
    c.addInt(0);
    return;
  }
  const expire = src.getExpire(key);
  dst.setKey(key, value);
  if (expire !== -1) dst.setExpire(key, expire);
  src.delete(key);
  c.server.notifyKeyspaceEvent('g', 'move_from', key, src.id);
  c.server.notifyKeyspaceEvent('g', 'move_to', key, dst.id);
  c.server.dirty++;
  c.addInt(1);
}

function copy(c: CommandContext, argv: string[]): void {
  const src = c.db;
  let dst = c.db;
  let replace = false;
  for (let j = 3; j < argv.length; j++) {
    if (isWord(argv[j], 'replace')) {
      replace = true;
    } else if (isWord(argv[j], 'db') && j + 1 < argv.length) {
      const db = dbArgOrReply(c, argv[++j]);
      if (db === null) return;
      dst = db;
    } else {
      c.addError(SYNTAX);
      return;
    }
  }
  if (clusterEnabled(c) && (src.id !== 0 || dst.id !== 0)) {
    c.addError('ERR Copying to another database is not allowed in cluster mode');
    return;
  }
  const key = argv[1];
  const newKey = argv[2];
  if (src === dst && key === newKey) {
    c.addError(SAME_OBJECT);
    return;
  }
  const value = src.lookupRead(key);
  if (value === undefined) {
    c.addInt(0);
    return;
  }
  const expire = src.getExpire(key);
  if (dst.lookupWrite(newKey) !== undefined && !replace) {
    c.addInt(0);
    return;
  }
  dst.setKey(newKey, duplicate(value));
  if (expire !== -1) dst.setExpire(newKey, expire);
  c.server.notifyKeyspaceEvent('g', 'copy_to', newKey, dst.id);
  c.server.dirty++;
  c.addInt(1);
}

// --- KEYS, SCAN, RANDOMKEY, DBSIZE -------------------------------------------

function keys(c: CommandContext, argv: string[]): void {
  const pattern = argv[1];
  // A lone "*" skips matching (and so also lists the empty key name).
  const match = pattern === '*' ? null : compileGlob(pattern, false);
  const out: string[] = [];
  c.db.forEachKey((key) => {
    if (match === null || match(key)) out.push(key);
  });
  c.addBulks(out);
}

function scan(c: CommandContext, argv: string[]): void {
  const cursor = parseScanCursor(argv[1]);
  if (cursor === null) {
    c.addError('ERR invalid cursor');
    return;
  }
  let count = 10;
  let pattern: string | null = null;
  let typeName: string | null = null;
  for (let i = 2; i < argv.length; i += 2) {
    const more = i + 1 < argv.length;
    if (isWord(argv[i], 'count') && more) {
      const v = parseInt64(argv[i + 1]);
      if (v === null) {
        c.addError(NOT_INTEGER);
        return;
      }
      if (v < 1n) {
        c.addError(SYNTAX);
        return;
      }
      count = Number(v);
    } else if (isWord(argv[i], 'match') && more) {
      pattern = argv[i + 1] === '*' ? null : argv[i + 1];
    } else if (isWord(argv[i], 'type') && more) {
      // 7.0 accepts any name: an unknown type simply matches nothing.
      typeName = cstr(argv[i + 1]).toLowerCase();
    } else {
      c.addError(SYNTAX);
      return;
    }
  }

  const db = c.db;
  const found: string[] = [];
  // The step hands over every stored key, expired ones included.
  const next = db.scan(cursor, count, (key) => {
    found.push(key);
  });
  // Filter after the walk, as Redis does, so deletions never run mid-iteration.
  const match = pattern === null ? null : compileGlob(pattern, false);
  let kept = 0;
  for (let i = 0; i < found.length; i++) {
    const key = found[i];
    // A key that does not match stays stored even if it has expired.
    if (match !== null && !match(key)) continue;
    if (typeName !== null) {
      // The lookup expires the key if needed; an expired key then has type
      // "none", and Redis's later expiry check finds nothing left to
      // delete: so 7.0 lists expired keys under TYPE none. Kept as is.
      const v = lookupNoTouch(db, key);
      if ((v === undefined ? 'none' : typeOf(v)) !== typeName) continue;
    } else if (!db.exists(key)) {
      continue; // expired: deleted now, not listed
    }
    found[kept++] = key;
  }
  found.length = kept;
  c.addArrayLen(2);
  c.addBulk(String(next));
  c.addBulks(found);
}

function randomkey(c: CommandContext): void {
  const key = c.db.randomKey();
  if (key === null) c.addNull();
  else c.addBulk(key);
}

// --- FLUSHDB, FLUSHALL ---------------------------------------------------------

/** [ASYNC|SYNC]: both free the same way here; only the syntax is checked. */
function flushArgsOk(c: CommandContext, argv: string[]): boolean {
  if (argv.length === 1 || (argv.length === 2 && (isWord(argv[1], 'sync') || isWord(argv[1], 'async')))) return true;
  c.addError(SYNTAX);
  return false;
}

function flushdb(c: CommandContext, argv: string[]): void {
  if (!flushArgsOk(c, argv)) return;
  const removed = c.db.clear();
  c.server.dirty += removed;
  // Redis forces propagation even when nothing was removed (no dirty change).
  if (removed === 0) c.alsoPropagate(c.db.id, argv);
  c.addOk();
}

function flushall(c: CommandContext, argv: string[]): void {
  if (!flushArgsOk(c, argv)) return;
  // One more than the keys removed: FLUSHALL always counts as a change.
  c.server.dirty += c.server.flushAll() + 1;
  c.addOk();
}

// --- EXPIRE family -------------------------------------------------------------

const EXPIRE_NX = 1;
const EXPIRE_XX = 2;
const EXPIRE_GT = 4;
const EXPIRE_LT = 8;

/** Redis's parseExtendedExpireArgumentsOrReply: the NX/XX/GT/LT flags, or -1 after an error. */
function expireFlagsOrReply(c: CommandContext, argv: string[]): number {
  let flags = 0;
  for (let j = 3; j < argv.length; j++) {
    const opt = argv[j];
    if (isWord(opt, 'nx')) flags |= EXPIRE_NX;
    else if (isWord(opt, 'xx')) flags |= EXPIRE_XX;
    else if (isWord(opt, 'gt')) flags |= EXPIRE_GT;
    else if (isWord(opt, 'lt')) flags |= EXPIRE_LT;
    else {
      c.addError(`ERR Unsupported option ${cstr(opt)}`);
      return -1;
    }
  }
  if (flags & EXPIRE_NX && flags & (EXPIRE_XX | EXPIRE_GT | EXPIRE_LT)) {
    c.addError('ERR NX and XX, GT or LT options at the same time are not compatible');
    return -1;
  }
  if (flags & EXPIRE_GT && flags & EXPIRE_LT) {
    c.addError('ERR GT and LT options at the same time are not compatible');
    return -1;
  }
  return flags;
}

/** Largest |seconds| whose deadline in ms stays exact in a double even after adding "now". */
const FAST_SECONDS = 4_000_000_000_000;

/**
 * The absolute deadline in ms for an EXPIRE-family argument, with Redis's
 * overflow checks done in int64. Returns the deadline and its exact decimal
 * text (for propagation), or null after replying the error.
 */
function deadlineOrReply(c: CommandContext, arg: string, unitMs: number, baseMs: number, cmd: string): { when: number; text: string } | null {
  const fast = parseSafeInt(arg);
  if (fast !== null && fast <= FAST_SECONDS && fast >= -FAST_SECONDS) {
    const when = fast * unitMs + baseMs;
    return { when, text: String(when) };
  }
  let when = parseInt64(arg);
  if (when === null) {
    c.addError(NOT_INTEGER);
    return null;
  }
  if (unitMs === 1000) {
    if (when > INT64_MAX / 1000n || when < INT64_MIN / 1000n) {
      c.addError(INVALID_EXPIRE(cmd));
      return null;
    }
    when *= 1000n;
  }
  const base = BigInt(baseMs);
  if (when > INT64_MAX - base) {
    c.addError(INVALID_EXPIRE(cmd));
    return null;
  }
  when += base;
  return { when: Number(when), text: when.toString() };
}

/**
 * Redis's expireGenericCommand. `relative`: the argument is a TTL from now;
 * `unitMs`: 1000 for seconds, 1 for milliseconds.
 */
function expireGeneric(c: CommandContext, argv: string[], relative: boolean, unitMs: number, cmd: string): void {
  const flags = expireFlagsOrReply(c, argv);
  if (flags < 0) return;
  const now = c.server.clock.now();
  const deadline = deadlineOrReply(c, argv[2], unitMs, relative ? now : 0, cmd);
  if (deadline === null) return;
  const { when } = deadline;
  const db = c.db;
  const key = argv[1];
  if (db.lookupWrite(key) === undefined) {
    c.addInt(0);
    return;
  }
  if (flags) {
    const current = db.getExpire(key);
    // No TTL counts as an infinite one: GT never beats it, LT always does.
    if (
      (flags & EXPIRE_NX && current !== -1) ||
      (flags & EXPIRE_XX && current === -1) ||
      (flags & EXPIRE_GT && (current === -1 || when <= current)) ||
      (flags & EXPIRE_LT && current !== -1 && when >= current)
    ) {
      c.addInt(0);
      return;
    }
  }
  if (when <= now) {
    // A deadline already past deletes the key now; replicas get the delete.
    db.delete(key);
    c.server.dirty++;
    c.rewritePropagation([c.server.config.getBool('lazyfree-lazy-expire') ? 'UNLINK' : 'DEL', key]);
    c.server.notifyKeyspaceEvent('g', 'del', key, db.id);
    c.addInt(1);
    return;
  }
  db.setExpire(key, when);
  // Replicas and the AOF get an absolute deadline: PEXPIREAT key <ms> [flags].
  if (relative || unitMs !== 1) {
    const out = argv.slice();
    out[0] = 'PEXPIREAT';
    out[2] = deadline.text;
    c.rewritePropagation(out);
  }
  c.server.signalModifiedKey(db, key);
  c.server.notifyKeyspaceEvent('g', 'expire', key, db.id);
  c.server.dirty++;
  c.addInt(1);
}

/** Redis's ttlGenericCommand: -2 missing, -1 no TTL, else remaining or absolute time. */
function ttlGeneric(c: CommandContext, argv: string[], ms: boolean, absolute: boolean): void {
  const key = argv[1];
  if (lookupNoTouch(c.db, key) === undefined) {
    c.addInt(-2);
    return;
  }
  const expire = c.db.getExpire(key);
  if (expire === -1) {
    c.addInt(-1);
    return;
  }
  if (Number.isSafeInteger(expire)) {
    let t = absolute ? expire : expire - c.server.clock.now();
    if (t < 0) t = 0;
    // Seconds round to the nearest second, as Redis's (ttl+500)/1000.
    c.addInt(ms ? t : Math.floor((t + 500) / 1000));
    return;
  }
  // Beyond 2^53 ms: the same arithmetic in int64.
  let t = exactInt(expire);
  if (!absolute) t -= BigInt(c.server.clock.now());
  if (t < 0n) t = 0n;
  c.addInt(ms ? t : (t + 500n) / 1000n);
}

function persist(c: CommandContext, argv: string[]): void {
  const key = argv[1];
  if (c.db.lookupWrite(key) === undefined || !c.db.persist(key)) {
    c.addInt(0);
    return;
  }
  c.server.signalModifiedKey(c.db, key);
  c.server.notifyKeyspaceEvent('g', 'persist', key, c.db.id);
  c.server.dirty++;
  c.addInt(1);
}

// --- OBJECT ------------------------------------------------------------------------

const OBJECT_HELP = [
  'ENCODING <key>',
  '    Return the kind of internal representation used in order to store the value',
  '    associated with a <key>.',
  'FREQ <key>',
  '    Return the access frequency index of the <key>. The returned integer is',
  '    proportional to the logarithm of the recent access frequency of the key.',
  'IDLETIME <key>',
  '    Return the idle time of the <key>, that is the approximated number of',
  '    seconds elapsed since the last access to the key.',
  'REFCOUNT <key>',
  '    Return the number of references of the value associated with the specified',
  '    <key>.',
];

/** OBJECT's lookup: no LRU refresh; a missing key replies null. */
function objectLookupOrReply(c: CommandContext, key: string): Value | undefined {
  const v = lookupNoTouch(c.db, key);
  if (v === undefined) c.addNull();
  return v;
}

function objectEncoding(c: CommandContext, argv: string[]): void {
  const v = objectLookupOrReply(c, argv[2]);
  if (v === undefined) return;
  c.addBulk(isString(v) ? stringEncoding(v) : v.encoding());
}

function objectRefcount(c: CommandContext, argv: string[]): void {
  const v = objectLookupOrReply(c, argv[2]);
  if (v === undefined) return;
  // Redis stores small non-negative integers as shared objects (unless an
  // LRU/LFU policy needs per-key access data), and reports INT_MAX for them.
  // tredis has no shared objects, so it reports what Redis would.
  let shared = false;
  if (typeof v === 'string' && v.length <= 4 && stringEncoding(v) === 'int') {
    const n = Number(v);
    shared = n >= 0 && n < SHARED_INTEGERS && sharesIntegers(c);
  }
  c.addInt(shared ? SHARED_REFCOUNT : 1);
}

function objectIdletime(c: CommandContext, argv: string[]): void {
  const v = objectLookupOrReply(c, argv[2]);
  if (v === undefined) return;
  if (lfuPolicy(c)) {
    c.addError(LFU_SELECTED);
    return;
  }
  c.addInt(c.db.idleSeconds(argv[2]));
}

function objectFreq(c: CommandContext, argv: string[]): void {
  const v = objectLookupOrReply(c, argv[2]);
  if (v === undefined) return;
  if (!lfuPolicy(c)) {
    c.addError(LFU_NOT_SELECTED);
    return;
  }
  // The key space keeps no LFU counters yet: report the counter of a key
  // that has not been accessed since it was written.
  const d = c.db as DbApi & { lfuFrequency?: (key: string) => number };
  c.addInt(d.lfuFrequency ? d.lfuFrequency(argv[2]) : LFU_INIT_VAL);
}

// --- the table -------------------------------------------------------------------

const KEY: ArgDoc = { name: 'key', type: 'key', keySpecIndex: 0 };
const KEYS_MULTI: ArgDoc = { name: 'key', type: 'key', keySpecIndex: 0, multiple: true };
const MULTI_KEY_TIPS = ['request_policy:multi_shard', 'response_policy:agg_sum'];
const EXPIRE_CONDITION: ArgDoc = {
  name: 'condition',
  type: 'oneof',
  since: '7.0.0',
  optional: true,
  arguments: [
    { name: 'nx', type: 'pure-token', token: 'NX' },
    { name: 'xx', type: 'pure-token', token: 'XX' },
    { name: 'gt', type: 'pure-token', token: 'GT' },
    { name: 'lt', type: 'pure-token', token: 'LT' },
  ],
};
const EXPIRE_HISTORY = [['7.0.0', 'Added options: `NX`, `XX`, `GT` and `LT`.']] as const;
const FLUSH_ARGS: ArgDoc[] = [
  {
    name: 'async',
    type: 'oneof',
    optional: true,
    arguments: [
      { name: 'async', type: 'pure-token', token: 'ASYNC', since: '4.0.0' },
      { name: 'sync', type: 'pure-token', token: 'SYNC', since: '6.2.0' },
    ],
  },
];
const FLUSH_HISTORY = [
  ['4.0.0', 'Added the `ASYNC` flushing mode modifier.'],
  ['6.2.0', 'Added the `SYNC` flushing mode modifier.'],
] as const;

/** A key spec for one key at argv[index] (COMMAND INFO's key_specs). */
const keyAt = (index: number, flags: KeySpec['flags']): KeySpec => ({
  flags,
  beginSearch: { index },
  findKeys: { lastKey: 0, keyStep: 1, limit: 0 },
});
/** RENAME-like commands: the source is read and removed, the target written. */
const renameSpecs = (target: 'update' | 'insert'): KeySpec[] => [keyAt(1, ['RW', 'access', 'delete']), keyAt(2, ['OW', target])];

/** Most key commands: group "generic", ACL category "keyspace". */
const generic = (spec: Omit<CommandSpec, 'group'> & { group?: string }): CommandSpec => ({
  group: 'generic',
  ...spec,
  acl: ['keyspace', ...(spec.acl ?? [])],
});

const objectSub = (name: string, since: string, summary: string, handler: CommandSpec['handler']): CommandSpec =>
  generic({
    name,
    arity: 3,
    flags: ['readonly'],
    keys: { first: 2, last: 2, step: 1 },
    keyFlags: ['RO'],
    since,
    summary,
    complexity: 'O(1)',
    tips: ['nondeterministic_output'],
    args: [KEY],
    handler,
  });

export const keyCommands: CommandSpec[] = [
  generic({
    name: 'del',
    arity: -2,
    flags: ['write'],
    keys: { first: 1, last: -1, step: 1 },
    keyFlags: ['RM', 'delete'],
    since: '1.0.0',
    summary: 'Remove one or more keys',
    complexity:
      'O(N) where N is the number of keys that will be removed. When a key to remove holds a value other than a string, the individual complexity for this key is O(M) where M is the number of elements in the list, set, sorted set or hash. Removing a single key that holds a string value is O(1).',
    tips: MULTI_KEY_TIPS,
    args: [KEYS_MULTI],
    handler: del,
  }),
  generic({
    name: 'unlink',
    arity: -2,
    flags: ['write', 'fast'],
    keys: { first: 1, last: -1, step: 1 },
    keyFlags: ['RM', 'delete'],
    since: '4.0.0',
    summary: 'Remove one or more keys, reclaiming their memory in the background',
    complexity:
      'O(1) for each key removed regardless of its size. Then the command does O(N) work in a different thread in order to reclaim memory, where N is the number of allocations the deleted objects where composed of.',
    tips: MULTI_KEY_TIPS,
    args: [KEYS_MULTI],
    handler: del,
  }),
  generic({
    name: 'exists',
    arity: -2,
    flags: ['readonly', 'fast'],
    keys: { first: 1, last: -1, step: 1 },
    keyFlags: ['RO'],
    since: '1.0.0',
    summary: 'Count how many of the given keys exist',
    complexity: 'O(N) where N is the number of keys to check.',
    history: [['3.0.3', 'Accepts multiple `key` arguments.']],
    tips: MULTI_KEY_TIPS,
    args: [KEYS_MULTI],
    handler: exists,
  }),
  generic({
    name: 'touch',
    arity: -2,
    flags: ['readonly', 'fast'],
    keys: { first: 1, last: -1, step: 1 },
    keyFlags: ['RO'],
    since: '3.2.1',
    summary: 'Refresh the last access time of keys and count those that exist',
    complexity: 'O(N) where N is the number of keys that will be touched.',
    tips: MULTI_KEY_TIPS,
    args: [KEYS_MULTI],
    handler: touch,
  }),
  generic({
    name: 'type',
    arity: 2,
    flags: ['readonly', 'fast'],
    keys: { first: 1, last: 1, step: 1 },
    keyFlags: ['RO'],
    since: '1.0.0',
    summary: 'Name the type of the value held at a key',
    complexity: 'O(1)',
    args: [KEY],
    handler: type,
  }),
  generic({
    name: 'rename',
    arity: 3,
    flags: ['write'],
    keys: { first: 1, last: 2, step: 1 },
    keySpecs: renameSpecs('update'),
    since: '1.0.0',
    summary: 'Give a key a new name, replacing any key already there',
    complexity: 'O(1)',
    args: [KEY, { name: 'newkey', type: 'key', keySpecIndex: 1 }],
    handler: (c, argv) => rename(c, argv, false),
  }),
  generic({
    name: 'renamenx',
    arity: 3,
    flags: ['write', 'fast'],
    keys: { first: 1, last: 2, step: 1 },
    keySpecs: renameSpecs('insert'),
    since: '1.0.0',
    summary: 'Give a key a new name unless that name is already taken',
    complexity: 'O(1)',
    history: [['3.2.0', 'The command no longer returns an error when source and destination names are the same.']],
    args: [KEY, { name: 'newkey', type: 'key', keySpecIndex: 1 }],
    handler: (c, argv) => rename(c, argv, true),
  }),
  generic({
    name: 'move',
    arity: 3,
    flags: ['write', 'fast'],
    keys: { first: 1, last: 1, step: 1 },
    since: '1.0.0',
    summary: 'Move a key into another database',
    complexity: 'O(1)',
    args: [KEY, { name: 'db', type: 'integer' }],
    handler: move,
  }),
  generic({
    name: 'copy',
    arity: -3,
    flags: ['write', 'denyoom'],
    keys: { first: 1, last: 2, step: 1 },
    keySpecs: [keyAt(1, ['RO', 'access']), keyAt(2, ['OW', 'update'])],
    since: '6.2.0',
    summary: 'Duplicate the value of a key under another name, possibly in another database',
    complexity: 'O(N) worst case for collections, where N is the number of nested items. O(1) for string values.',
    args: [
      { name: 'source', type: 'key', keySpecIndex: 0 },
      { name: 'destination', type: 'key', keySpecIndex: 1 },
      { name: 'destination-db', type: 'integer', token: 'DB', optional: true },
      { name: 'replace', type: 'pure-token', token: 'REPLACE', optional: true },
    ],
    handler: copy,
  }),
  generic({
    name: 'keys',
    arity: 2,
    flags: ['readonly'],
    acl: ['dangerous'],
    since: '1.0.0',
    summary: 'List every key whose name matches a glob-style pattern',
    complexity:
      'O(N) with N being the number of keys in the database, under the assumption that the key names in the database and the given pattern have limited length.',
    tips: ['request_policy:all_shards', 'nondeterministic_output_order'],
    args: [{ name: 'pattern', type: 'pattern' }],
    handler: keys,
  }),
  generic({
    name: 'scan',
    arity: -2,
    flags: ['readonly'],
    since: '2.8.0',
    summary: 'Walk the key space a few keys at a time with a cursor',
    complexity:
      'O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection.',
    history: [['6.0.0', 'Added the `TYPE` subcommand.']],
    tips: ['nondeterministic_output', 'request_policy:special'],
    args: [
      { name: 'cursor', type: 'integer' },
      { name: 'pattern', type: 'pattern', token: 'MATCH', optional: true },
      { name: 'count', type: 'integer', token: 'COUNT', optional: true },
      { name: 'type', type: 'string', token: 'TYPE', since: '6.0.0', optional: true },
    ],
    handler: scan,
  }),
  generic({
    name: 'randomkey',
    arity: 1,
    flags: ['readonly'],
    since: '1.0.0',
    summary: 'Pick the name of a random key',
    complexity: 'O(1)',
    tips: ['request_policy:all_shards', 'nondeterministic_output'],
    handler: randomkey,
  }),
  generic({
    name: 'dbsize',
    arity: 1,
    flags: ['readonly', 'fast'],
    group: 'server',
    since: '1.0.0',
    summary: 'Count the keys of the selected database',
    complexity: 'O(1)',
    tips: ['request_policy:all_shards', 'response_policy:agg_sum'],
    handler: (c) => c.addInt(c.db.size),
  }),
  generic({
    name: 'flushdb',
    arity: -1,
    flags: ['write'],
    acl: ['dangerous'],
    group: 'server',
    since: '1.0.0',
    summary: 'Delete every key of the selected database',
    complexity: 'O(N) where N is the number of keys in the selected database',
    history: FLUSH_HISTORY,
    tips: ['request_policy:all_shards', 'response_policy:all_succeeded'],
    args: FLUSH_ARGS,
    handler: flushdb,
  }),
  generic({
    name: 'flushall',
    arity: -1,
    flags: ['write'],
    acl: ['dangerous'],
    group: 'server',
    since: '1.0.0',
    summary: 'Delete every key of every database',
    complexity: 'O(N) where N is the total number of keys in all databases',
    history: FLUSH_HISTORY,
    tips: ['request_policy:all_shards', 'response_policy:all_succeeded'],
    args: FLUSH_ARGS,
    handler: flushall,
  }),
  generic({
    name: 'expire',
    arity: -3,
    flags: ['write', 'fast'],
    keys: { first: 1, last: 1, step: 1 },
    keyFlags: ['RW', 'update'],
    since: '1.0.0',
    summary: 'Make a key expire after a number of seconds',
    complexity: 'O(1)',
    history: EXPIRE_HISTORY,
    args: [KEY, { name: 'seconds', type: 'integer' }, EXPIRE_CONDITION],
    handler: (c, argv) => expireGeneric(c, argv, true, 1000, 'expire'),
  }),
  generic({
    name: 'pexpire',
    arity: -3,
    flags: ['write', 'fast'],
    keys: { first: 1, last: 1, step: 1 },
    keyFlags: ['RW', 'update'],
    since: '2.6.0',
    summary: 'Make a key expire after a number of milliseconds',
    complexity: 'O(1)',
    history: EXPIRE_HISTORY,
    args: [KEY, { name: 'milliseconds', type: 'integer' }, EXPIRE_CONDITION],
    handler: (c, argv) => expireGeneric(c, argv, true, 1, 'pexpire'),
  }),
  generic({
    name: 'expireat',
    arity: -3,
    flags: ['write', 'fast'],
    keys: { first: 1, last: 1, step: 1 },
    keyFlags: ['RW', 'update'],
    since: '1.2.0',
    summary: 'Make a key expire at a Unix time given in seconds',
    complexity: 'O(1)',
    history: EXPIRE_HISTORY,
    args: [KEY, { name: 'unix-time-seconds', type: 'unix-time' }, EXPIRE_CONDITION],
    handler: (c, argv) => expireGeneric(c, argv, false, 1000, 'expireat'),
  }),
  generic({
    name: 'pexpireat',
    arity: -3,
    flags: ['write', 'fast'],
    keys: { first: 1, last: 1, step: 1 },
    keyFlags: ['RW', 'update'],
    since: '2.6.0',
    summary: 'Make a key expire at a Unix time given in milliseconds',
    complexity: 'O(1)',
    history: EXPIRE_HISTORY,
    args: [KEY, { name: 'unix-time-milliseconds', type: 'unix-time' }, EXPIRE_CONDITION],
    handler: (c, argv) => expireGeneric(c, argv, false, 1, 'pexpireat'),
  }),
  generic({
    name: 'ttl',
    arity: 2,
    flags: ['readonly', 'fast'],
    keys: { first: 1, last: 1, step: 1 },
    since: '1.0.0',
    summary: 'Seconds left before a key expires',
    complexity: 'O(1)',
    history: [['2.8.0', 'Added the -2 reply.']],
    tips: ['nondeterministic_output'],
    args: [KEY],
    handler: (c, argv) => ttlGeneric(c, argv, false, false),
  }),
  generic({
    name: 'pttl',
    arity: 2,
    flags: ['readonly', 'fast'],
    keys: { first: 1, last: 1, step: 1 },
    since: '2.6.0',
    summary: 'Milliseconds left before a key expires',
    complexity: 'O(1)',
    history: [['2.8.0', 'Added the -2 reply.']],
    tips: ['nondeterministic_output'],
    args: [KEY],
    handler: (c, argv) => ttlGeneric(c, argv, true, false),
  }),
  generic({
    name: 'expiretime',
    arity: 2,
    flags: ['readonly', 'fast'],
    keys: { first: 1, last: 1, step: 1 },
    since: '7.0.0',
    summary: 'The Unix time, in seconds, at which a key expires',
    complexity: 'O(1)',
    args: [KEY],
    handler: (c, argv) => ttlGeneric(c, argv, false, true),
  }),
  generic({
    name: 'pexpiretime',
    arity: 2,
    flags: ['readonly', 'fast'],
    keys: { first: 1, last: 1, step: 1 },
    since: '7.0.0',
    summary: 'The Unix time, in milliseconds, at which a key expires',
    complexity: 'O(1)',
    args: [KEY],
    handler: (c, argv) => ttlGeneric(c, argv, true, true),
  }),
  generic({
    name: 'persist',
    arity: 2,
    flags: ['write', 'fast'],
    keys: { first: 1, last: 1, step: 1 },
    keyFlags: ['RW', 'update'],
    since: '2.2.0',
    summary: 'Drop the time to live of a key so it never expires',
    complexity: 'O(1)',
    args: [KEY],
    handler: persist,
  }),
  {
    name: 'object',
    arity: -2,
    flags: [],
    group: 'generic',
    since: '2.2.3',
    summary: 'Introspection of how a key is stored (container command)',
    complexity: 'Depends on subcommand.',
    subcommands: [
      generic({
        name: 'help',
        arity: 2,
        flags: ['loading', 'stale'],
        since: '6.2.0',
        summary: 'List the OBJECT subcommands',
        complexity: 'O(1)',
        handler: (c) => addHelp(c, 'OBJECT', OBJECT_HELP),
      }),
      objectSub('freq', '4.0.0', 'The logarithmic access-frequency counter of a key (LFU policies)', objectFreq),
      objectSub('encoding', '2.2.3', 'The internal representation of the value at a key', objectEncoding),
      objectSub('idletime', '2.2.3', 'Seconds since the key was last read or written', objectIdletime),
      objectSub('refcount', '2.2.3', 'How many references the value at a key has', objectRefcount),
    ],
  },
];
