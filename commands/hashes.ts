/**
 * The hash family (Redis's t_hash.c): HSET/HMSET/HSETNX, HGET/HMGET,
 * HDEL, HLEN, HSTRLEN, HEXISTS, HKEYS/HVALS/HGETALL, HINCRBY,
 * HINCRBYFLOAT, HRANDFIELD and HSCAN, over datatypes/hash.ts.
 *
 * Redis 7.0.15 behaviour that matters for byte-compatibility:
 *  - Encodings: a listpack until a write brings more than
 *    hash-max-listpack-entries fields or a string longer than
 *    hash-max-listpack-value bytes (thresholds read at each write); the
 *    listpack keeps insertion order, which HGETALL, HSCAN and HRANDFIELD
 *    show.
 *  - Writes create the key as needed, bump server.dirty per field changed,
 *    fire 'h' events (hset, hdel, hincrby, hincrbyfloat) and delete the key
 *    with a 'g' del event when HDEL empties it.
 *  - HINCRBYFLOAT checks its increment before looking the key up (a bad
 *    increment wins over WRONGTYPE) and is propagated as HSET with the
 *    result, so replicas never redo float arithmetic.
 *  - HSCAN parses its cursor before the lookup and its options after it, as
 *    Redis's hscanCommand + scanGenericCommand do: a missing key answers an
 *    empty scan even with bad options.
 */
import { collectionScanOptionsOrReply, isWord, parseScanCursor } from './help.js';
import type { ArgDoc, CommandContext, CommandSpec, KeySpecFlag } from './types.js';
import { NOT_INTEGER, OVERFLOW, SYNTAX, WRONGTYPE, WRONG_ARITY } from './errors.js';
import { HashValue, type HashLimits } from '../datatypes/hash.js';
import { checkHincrByFloatIncrement, hincrByFloat, parseInt64, parseSafeInt, INT64_MAX, INT64_MIN } from '../datatypes/numbers.js';
import { compileGlob } from '../datatypes/glob.js';

const HASH_NOT_INTEGER = 'ERR hash value is not an integer';
const LONG_RANGE = 'ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807';
const OUT_OF_RANGE = 'ERR value is out of range';
/** Redis's HRANDFIELD_SUB_STRATEGY_MUL: when count*3 > size, build the answer by elimination. */
const SUB_STRATEGY_MUL = 3;
/** LONG_MAX / 2: HRANDFIELD WITHVALUES counts beyond would overflow the reply length. */
const HALF_LONG_MAX = 4611686018427387903n;

// --- lookups ---------------------------------------------------------------

/**
 * The hash at `key` for a read; undefined when missing (nothing replied) or
 * null after replying WRONGTYPE.
 */
function readHash(c: CommandContext, key: string): HashValue | undefined | null {
  const v = c.db.lookupRead(key);
  if (v === undefined || v instanceof HashValue) return v;
  c.addError(WRONGTYPE);
  return null;
}

/** As readHash, for a write (no hit/miss statistics). */
function writeHash(c: CommandContext, key: string): HashValue | undefined | null {
  const v = c.db.lookupWrite(key);
  if (v === undefined || v instanceof HashValue) return v;
  c.addError(WRONGTYPE);
  return null;
}

function limitsOf(c: CommandContext): HashLimits {
  const config = c.server.config;
  return { maxEntries: config.getNumber('hash-max-listpack-entries'), maxValue: config.getNumber('hash-max-listpack-value') };
}

/**
 * After a write to `h`: store it if it is new (setKey signals the change),
 * or signal the in-place change of an existing key.
 */
function commitHash(c: CommandContext, key: string, h: HashValue, created: boolean): void {
  if (created) c.db.setKey(key, h);
  else c.db.signalModified(key);
}

// --- HSET / HMSET / HSETNX ---------------------------------------------------

function hset(c: CommandContext, argv: string[], isHmset: boolean): void {
  if (argv.length % 2 === 1) {
    c.addError(WRONG_ARITY(isHmset ? 'hmset' : 'hset'));
    return;
  }
  const key = argv[1];
  const found = writeHash(c, key);
  if (found === null) return;
  const h = found ?? HashValue.create();
  const limits = limitsOf(c);
  h.convertIfAnyLonger(argv, 2, argv.length - 1, limits.maxValue);
  let created = 0;
  for (let i = 2; i < argv.length; i += 2) {
    if (h.set(argv[i], argv[i + 1], limits)) created++;
  }
  commitHash(c, key, h, found === undefined);
  if (isHmset) c.addOk();
  else c.addInt(created);
  c.server.notifyKeyspaceEvent('h', 'hset', key, c.db.id);
  c.server.dirty += (argv.length - 2) / 2;
}

function hsetnx(c: CommandContext, argv: string[]): void {
  const key = argv[1];
  const found = writeHash(c, key);
  if (found === null) return;
  if (found !== undefined && found.has(argv[2])) {
    c.addInt(0);
    return;
  }
  const h = found ?? HashValue.create();
  const limits = limitsOf(c);
  h.convertIfAnyLonger(argv, 2, 3, limits.maxValue);
  h.set(argv[2], argv[3], limits);
  commitHash(c, key, h, found === undefined);
  c.addInt(1);
  c.server.notifyKeyspaceEvent('h', 'hset', key, c.db.id);
  c.server.dirty++;
}

// --- reads -------------------------------------------------------------------

function hget(c: CommandContext, argv: string[]): void {
  const h = readHash(c, argv[1]);
  if (h === null) return;
  const v = h?.get(argv[2]);
  if (v === undefined) c.addNull();
  else c.addBulk(v);
}

function hmget(c: CommandContext, argv: string[]): void {
  const h = readHash(c, argv[1]);
  if (h === null) return;
  c.addArrayLen(argv.length - 2);
  for (let i = 2; i < argv.length; i++) {
    const v = h?.get(argv[i]);
    if (v === undefined) c.addNull();
    else c.addBulk(v);
  }
}

function hlen(c: CommandContext, argv: string[]): void {
  const h = readHash(c, argv[1]);
  if (h !== null) c.addInt(h?.size ?? 0);
}

function hstrlen(c: CommandContext, argv: string[]): void {
  const h = readHash(c, argv[1]);
  if (h !== null) c.addInt(h?.get(argv[2])?.length ?? 0);
}

function hexists(c: CommandContext, argv: string[]): void {
  const h = readHash(c, argv[1]);
  if (h !== null) c.addInt(h?.has(argv[2]) ? 1 : 0);
}

const KEYS = 1;
const VALUES = 2;

/** HKEYS / HVALS (flat arrays) and HGETALL (a map in RESP3). */
function getAll(c: CommandContext, argv: string[], what: number): void {
  const both = what === (KEYS | VALUES);
  const h = readHash(c, argv[1]);
  if (h === null) return;
  const n = h?.size ?? 0;
  if (both) c.addMapLen(n);
  else c.addArrayLen(n);
  h?.forEach((field, value) => {
    if (what & KEYS) c.addBulk(field);
    if (what & VALUES) c.addBulk(value);
  });
}

// --- HDEL --------------------------------------------------------------------

function hdel(c: CommandContext, argv: string[]): void {
  const key = argv[1];
  const h = writeHash(c, key);
  if (h === null) return;
  if (h === undefined) {
    c.addInt(0);
    return;
  }
  let deleted = 0;
  let keyRemoved = false;
  for (let i = 2; i < argv.length; i++) {
    if (h.delete(argv[i])) {
      deleted++;
      if (h.size === 0) {
        c.db.delete(key);
        keyRemoved = true;
        break;
      }
    }
  }
  if (deleted > 0) {
    c.db.signalModified(key);
    c.server.notifyKeyspaceEvent('h', 'hdel', key, c.db.id);
    if (keyRemoved) c.server.notifyKeyspaceEvent('g', 'del', key, c.db.id);
    c.server.dirty += deleted;
  }
  c.addInt(deleted);
}

// --- HINCRBY / HINCRBYFLOAT --------------------------------------------------

function hincrby(c: CommandContext, argv: string[]): void {
  const key = argv[1];
  const field = argv[2];
  let incr: number | bigint | null = parseSafeInt(argv[3]);
  if (incr === null) {
    incr = parseInt64(argv[3]);
    if (incr === null) {
      c.addError(NOT_INTEGER);
      return;
    }
  }
  const found = writeHash(c, key);
  if (found === null) return;
  let cur: number | bigint = 0;
  const old = found?.get(field);
  if (old !== undefined) {
    const n = parseSafeInt(old) ?? parseInt64(old);
    if (n === null) {
      c.addError(HASH_NOT_INTEGER);
      return;
    }
    cur = n;
  }
  let res: number | bigint;
  if (typeof cur === 'number' && typeof incr === 'number' && Number.isSafeInteger(cur + incr)) {
    res = cur + incr;
  } else {
    res = BigInt(cur) + BigInt(incr);
    if (res > INT64_MAX || res < INT64_MIN) {
      c.addError(OVERFLOW);
      return;
    }
  }
  const h = found ?? HashValue.create();
  h.set(field, String(res), limitsOf(c));
  commitHash(c, key, h, found === undefined);
  c.addInt(res);
  c.server.notifyKeyspaceEvent('h', 'hincrby', key, c.db.id);
  c.server.dirty++;
}

function hincrbyfloat(c: CommandContext, argv: string[]): void {
  const key = argv[1];
  const field = argv[2];
  // Checked before the lookup: a bad increment is reported even on a key of another type.
  const incrError = checkHincrByFloatIncrement(argv[3]);
  if (incrError !== null) {
    c.addError(incrError);
    return;
  }
  const found = writeHash(c, key);
  if (found === null) return;
  const r = hincrByFloat(found?.get(field) ?? null, argv[3]);
  if (!r.ok) {
    c.addError(r.error);
    return;
  }
  const h = found ?? HashValue.create();
  h.set(field, r.value, limitsOf(c));
  commitHash(c, key, h, found === undefined);
  c.addBulk(r.value);
  c.server.notifyKeyspaceEvent('h', 'hincrbyfloat', key, c.db.id);
  c.server.dirty++;
  // Replicas and the AOF get the result, never the float arithmetic.
  c.rewritePropagation(['HSET', key, field, r.value]);
}

// --- HRANDFIELD --------------------------------------------------------------

/** One field (and value) of an HRANDFIELD reply with a count; RESP3 pairs are arrays. */
function addRandomEntry(c: CommandContext, h: HashValue, pos: number, withValues: boolean): void {
  if (withValues && c.resp > 2) c.addArrayLen(2);
  c.addBulk(h.fieldAt(pos));
  if (withValues) c.addBulk(h.valueAt(pos));
}

function hrandfield(c: CommandContext, argv: string[]): void {
  if (argv.length >= 3) {
    const l = parseInt64(argv[2]);
    if (l === null) {
      c.addError(NOT_INTEGER);
      return;
    }
    if (l === INT64_MIN) {
      c.addError(LONG_RANGE);
      return;
    }
    if (argv.length > 4 || (argv.length === 4 && !isWord(argv[3], 'withvalues'))) {
      c.addError(SYNTAX);
      return;
    }
    const withValues = argv.length === 4;
    if (withValues && (l < -HALF_LONG_MAX || l > HALF_LONG_MAX)) {
      c.addError(OUT_OF_RANGE);
      return;
    }
    hrandfieldWithCount(c, argv[1], l, withValues);
    return;
  }
  const h = readHash(c, argv[1]);
  if (h === null) return;
  if (h === undefined) c.addNull();
  else c.addBulk(h.fieldAt(h.randomPos()));
}

/**
 * Redis's hrandfieldWithCountCommand and its strategies:
 *  1. negative count (repeats allowed) or 1: independent O(1) picks;
 *  2. count >= size: the whole hash, in walk order;
 *  3. count*3 > size: every position, then drop random ones down to count;
 *  4. otherwise: random picks, skipping repeats, until count are found
 *     (a listpack is sampled in one ordered pass instead, as Redis's
 *     lpRandomPairsUnique does).
 */
function hrandfieldWithCount(c: CommandContext, key: string, l: bigint, withValues: boolean): void {
  const h = readHash(c, key);
  if (h === null) return;
  if (h === undefined) {
    c.addArrayLen(0);
    return;
  }
  const uniq = l >= 0n;
  const count = Number(uniq ? l : -l);
  if (count === 0) {
    c.addArrayLen(0);
    return;
  }
  const size = h.size;
  const pairsFlat = withValues && c.resp === 2;

  // Case 1.
  if (!uniq || count === 1) {
    c.addArrayLen(pairsFlat ? count * 2 : count);
    for (let i = 0; i < count; i++) addRandomEntry(c, h, h.randomPos(), withValues);
    return;
  }

  const replySize = Math.min(count, size);
  c.addArrayLen(pairsFlat ? replySize * 2 : replySize);

  // Case 2.
  if (count >= size) {
    h.forEachPos((pos) => addRandomEntry(c, h, pos, withValues));
    return;
  }

  // Case 3: a partial Fisher-Yates shuffle keeps `count` distinct positions.
  if (count * SUB_STRATEGY_MUL > size) {
    const all: number[] = [];
    h.forEachPos((pos) => {
      all.push(pos);
    });
    for (let i = 0; i < count; i++) {
      const j = i + Math.floor(Math.random() * (size - i));
      const t = all[i];
      all[i] = all[j];
      all[j] = t;
      addRandomEntry(c, h, all[i], withValues);
    }
    return;
  }

  // Case 4, listpack: selection sampling, each position kept with probability needed/left.
  if (h.isListpack) {
    let needed = count;
    for (let pos = 0; needed > 0; pos++) {
      if (Math.random() * (size - pos) < needed) {
        addRandomEntry(c, h, pos, withValues);
        needed--;
      }
    }
    return;
  }

  // Case 4, hashtable: count*3 <= size, so a repeat is rare and this stays O(count).
  const seen = new Set<number>();
  while (seen.size < count) {
    const pos = h.randomPos();
    if (seen.has(pos)) continue;
    seen.add(pos);
    addRandomEntry(c, h, pos, withValues);
  }
}

// --- HSCAN -------------------------------------------------------------------

function hscan(c: CommandContext, argv: string[]): void {
  const cursor = parseScanCursor(argv[2]);
  if (cursor === null) {
    c.addError('ERR invalid cursor');
    return;
  }
  const h = readHash(c, argv[1]);
  if (h === null) return;
  if (h === undefined) {
    c.addArrayLen(2);
    c.addBulk('0');
    c.addArrayLen(0);
    return;
  }
  const opts = collectionScanOptionsOrReply(c, argv, 3);
  if (opts === null) return;
  const { count, match } = opts;
  const out: string[] = [];
  // A listpack is small by construction: all of it in one reply, cursor 0.
  const next = h.scan(h.isListpack ? 0 : cursor, count, (field, value) => {
    if (match === null || match(field)) out.push(field, value);
  });
  c.addArrayLen(2);
  c.addBulk(String(next));
  c.addBulks(out);
}

// --- the command table ---------------------------------------------------------

const KEY: ArgDoc = { name: 'key', type: 'key', keySpecIndex: 0 };
const FIELD: ArgDoc = { name: 'field', type: 'string' };
const FIELDS: ArgDoc = { name: 'field', type: 'string', multiple: true };
const FIELD_VALUES: ArgDoc = {
  name: 'field_value',
  type: 'block',
  multiple: true,
  arguments: [FIELD, { name: 'value', type: 'string' }],
};
const ONE_KEY = { first: 1, last: 1, step: 1 } as const;
const SIZE_COMPLEXITY = 'O(N) where N is the size of the hash.';

interface HashSpec {
  name: string;
  arity: number;
  flags: CommandSpec['flags'];
  keyFlags: readonly KeySpecFlag[];
  since: string;
  summary: string;
  complexity: string;
  args: readonly ArgDoc[];
  handler: CommandSpec['handler'];
  history?: CommandSpec['history'];
  tips?: CommandSpec['tips'];
  docFlags?: CommandSpec['docFlags'];
  deprecatedSince?: string;
  replacedBy?: string;
}

const hash = (spec: HashSpec): CommandSpec => ({ ...spec, group: 'hash', acl: ['hash'], keys: ONE_KEY });

export const hashCommands: CommandSpec[] = [
  hash({
    name: 'hset',
    arity: -4,
    flags: ['write', 'denyoom', 'fast'],
    keyFlags: ['RW', 'update'],
    since: '2.0.0',
    summary: 'Set one or more fields of a hash to the given values',
    complexity:
      'O(1) for each field/value pair added, so O(N) to add N field/value pairs when the command is called with multiple field/value pairs.',
    history: [['4.0.0', 'Accepts multiple `field` and `value` arguments.']],
    args: [KEY, FIELD_VALUES],
    handler: (c, argv) => hset(c, argv, false),
  }),
  hash({
    name: 'hsetnx',
    arity: 4,
    flags: ['write', 'denyoom', 'fast'],
    keyFlags: ['RW', 'insert'],
    since: '2.0.0',
    summary: 'Set a hash field only when the hash does not have it yet',
    complexity: 'O(1)',
    args: [KEY, FIELD, { name: 'value', type: 'string' }],
    handler: hsetnx,
  }),
  hash({
    name: 'hget',
    arity: 3,
    flags: ['readonly', 'fast'],
    keyFlags: ['RO', 'access'],
    since: '2.0.0',
    summary: 'Return the value of one field of a hash',
    complexity: 'O(1)',
    args: [KEY, FIELD],
    handler: hget,
  }),
  hash({
    name: 'hmget',
    arity: -3,
    flags: ['readonly', 'fast'],
    keyFlags: ['RO', 'access'],
    since: '2.0.0',
    summary: 'Return the values of several fields of a hash',
    complexity: 'O(N) where N is the number of fields being requested.',
    args: [KEY, FIELDS],
    handler: hmget,
  }),
  hash({
    name: 'hmset',
    arity: -4,
    flags: ['write', 'denyoom', 'fast'],
    keyFlags: ['RW', 'update'],
    since: '2.0.0',
    summary: 'Set several fields of a hash (older form of HSET)',
    complexity: 'O(N) where N is the number of fields being set.',
    docFlags: ['deprecated'],
    deprecatedSince: '4.0.0',
    replacedBy: '`HSET` with multiple field-value pairs',
    args: [KEY, FIELD_VALUES],
    handler: (c, argv) => hset(c, argv, true),
  }),
  hash({
    name: 'hdel',
    arity: -3,
    flags: ['write', 'fast'],
    keyFlags: ['RW', 'delete'],
    since: '2.0.0',
    summary: 'Remove fields from a hash, deleting the key once it is empty',
    complexity: 'O(N) where N is the number of fields to be removed.',
    history: [['2.4.0', 'Accepts multiple `field` arguments.']],
    args: [KEY, FIELDS],
    handler: hdel,
  }),
  hash({
    name: 'hlen',
    arity: 2,
    flags: ['readonly', 'fast'],
    keyFlags: ['RO'],
    since: '2.0.0',
    summary: 'Count the fields of a hash',
    complexity: 'O(1)',
    args: [KEY],
    handler: hlen,
  }),
  hash({
    name: 'hstrlen',
    arity: 3,
    flags: ['readonly', 'fast'],
    keyFlags: ['RO'],
    since: '3.2.0',
    summary: 'Return the length in bytes of the value of a hash field',
    complexity: 'O(1)',
    args: [KEY, FIELD],
    handler: hstrlen,
  }),
  hash({
    name: 'hexists',
    arity: 3,
    flags: ['readonly', 'fast'],
    keyFlags: ['RO'],
    since: '2.0.0',
    summary: 'Tell whether a hash has a given field',
    complexity: 'O(1)',
    args: [KEY, FIELD],
    handler: hexists,
  }),
  hash({
    name: 'hkeys',
    arity: 2,
    flags: ['readonly'],
    keyFlags: ['RO', 'access'],
    since: '2.0.0',
    summary: 'List the field names of a hash',
    complexity: SIZE_COMPLEXITY,
    tips: ['nondeterministic_output_order'],
    args: [KEY],
    handler: (c, argv) => getAll(c, argv, KEYS),
  }),
  hash({
    name: 'hvals',
    arity: 2,
    flags: ['readonly'],
    keyFlags: ['RO', 'access'],
    since: '2.0.0',
    summary: 'List the values of a hash',
    complexity: SIZE_COMPLEXITY,
    tips: ['nondeterministic_output_order'],
    args: [KEY],
    handler: (c, argv) => getAll(c, argv, VALUES),
  }),
  hash({
    name: 'hgetall',
    arity: 2,
    flags: ['readonly'],
    keyFlags: ['RO', 'access'],
    since: '2.0.0',
    summary: 'Return every field of a hash with its value',
    complexity: SIZE_COMPLEXITY,
    tips: ['nondeterministic_output_order'],
    args: [KEY],
    handler: (c, argv) => getAll(c, argv, KEYS | VALUES),
  }),
  hash({
    name: 'hincrby',
    arity: 4,
    flags: ['write', 'denyoom', 'fast'],
    keyFlags: ['RW', 'access', 'update'],
    since: '2.0.0',
    summary: 'Add an integer to the integer value of a hash field',
    complexity: 'O(1)',
    args: [KEY, FIELD, { name: 'increment', type: 'integer' }],
    handler: hincrby,
  }),
  hash({
    name: 'hincrbyfloat',
    arity: 4,
    flags: ['write', 'denyoom', 'fast'],
    keyFlags: ['RW', 'access', 'update'],
    since: '2.6.0',
    summary: 'Add a floating point number to the value of a hash field',
    complexity: 'O(1)',
    args: [KEY, FIELD, { name: 'increment', type: 'double' }],
    handler: hincrbyfloat,
  }),
  hash({
    name: 'hrandfield',
    arity: -2,
    flags: ['readonly'],
    keyFlags: ['RO', 'access'],
    since: '6.2.0',
    summary: 'Return random fields of a hash, optionally with their values',
    complexity: 'O(N) where N is the number of fields returned',
    tips: ['nondeterministic_output'],
    args: [
      KEY,
      {
        name: 'options',
        type: 'block',
        optional: true,
        arguments: [
          { name: 'count', type: 'integer' },
          { name: 'withvalues', type: 'pure-token', token: 'WITHVALUES', optional: true },
        ],
      },
    ],
    handler: hrandfield,
  }),
  hash({
    name: 'hscan',
    arity: -3,
    flags: ['readonly'],
    keyFlags: ['RO', 'access'],
    since: '2.8.0',
    summary: 'Walk the fields and values of a hash a few at a time with a cursor',
    complexity:
      'O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection..',
    tips: ['nondeterministic_output'],
    args: [
      KEY,
      { name: 'cursor', type: 'integer' },
      { name: 'pattern', type: 'pattern', token: 'MATCH', optional: true },
      { name: 'count', type: 'integer', token: 'COUNT', optional: true },
    ],
    handler: hscan,
  }),
];
