/**
 * The set family (Redis's t_set.c): SADD, SREM, SMEMBERS, SISMEMBER,
 * SMISMEMBER, SCARD, SPOP, SRANDMEMBER, SMOVE, SINTER, SINTERCARD,
 * SINTERSTORE, SUNION, SUNIONSTORE, SDIFF, SDIFFSTORE and SSCAN, over
 * datatypes/set.ts.
 *
 * Redis 7.0.15 behaviour that matters for byte-compatibility:
 *  - Encodings: "intset" while every member is an integer and there are at
 *    most set-max-intset-entries of them (read at each write), "hashtable"
 *    after. Results of SINTERSTORE/SUNIONSTORE/SDIFFSTORE, and the sets
 *    SUNION/SDIFF build before replying, start as an empty intset, so an
 *    all-integer result comes out sorted and is stored as an intset. SPOP
 *    with a count near the set's size keeps the survivors in a new set
 *    built the same way, which can turn a hashtable back into an intset.
 *  - Orders: intsets iterate in ascending order; a hashtable in slot order
 *    here, hash order in Redis (tests compare those replies sorted). SINTER
 *    walks the smallest set (stable sort by size) and probes the others;
 *    SMEMBERS is SINTER of one key, as in Redis.
 *  - RESP3: SMEMBERS, SINTER, SUNION, SDIFF and SPOP with a count reply
 *    with sets; SRANDMEMBER with a count replies with an array (it may
 *    repeat members); SMISMEMBER with an array.
 *  - Lookups: the STORE variants read their sources with hit/miss
 *    statistics (lookupKeyRead); SADD, SREM, SMOVE and SPOP look up for a
 *    write. A missing key reads as an empty set everywhere, but every key is
 *    still type-checked (SINTER missing wrongtype → WRONGTYPE).
 *  - Propagation: SPOP is propagated as SREM of the popped member; with a
 *    count, as one SREM per member, or as DEL when the whole set goes.
 *  - Argument errors come before the lookup where Redis parses first (SPOP
 *    and SRANDMEMBER counts, SSCAN's cursor, SINTERCARD's numkeys/LIMIT);
 *    SSCAN's options are parsed after it, so a missing key answers an empty
 *    scan even with bad options.
 */
import { collectionScanOptionsOrReply, isWord, parseScanCursor } from './help.js';
import type { ArgDoc, CommandContext, CommandSpec, KeySpecFlag } from './types.js';
import { NOT_INTEGER, SYNTAX, WRONGTYPE } from './errors.js';
import { SetValue } from '../datatypes/set.js';
import { parseInt64 } from '../datatypes/numbers.js';
import { compileGlob } from '../datatypes/glob.js';

const MUST_BE_POSITIVE = 'ERR value is out of range, must be positive';
const LONG_RANGE = 'ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807';
const NUMKEYS = 'ERR numkeys should be greater than 0';
const TOO_MANY_KEYS = "ERR Number of keys can't be greater than number of args";
const NEGATIVE_LIMIT = "ERR LIMIT can't be negative";
const LONG_MAX = 9223372036854775807n;

/** Redis's SPOP_MOVE_STRATEGY_MUL: pop by keeping the survivors when count is that close to the size. */
const SPOP_MOVE_STRATEGY_MUL = 5;
/** Redis's SRANDMEMBER_SUB_STRATEGY_MUL: pick by elimination when count*3 > size. */
const SRANDMEMBER_SUB_STRATEGY_MUL = 3;
/**
 * Largest reply SRANDMEMBER with a negative count may build. Redis would
 * keep going until the client's output buffer limit closes it; a JS string
 * cannot grow past ~512 MB, so the client is closed here instead.
 */
const MAX_REPLY_BYTES = 256 * 1024 * 1024;

const UNION = 0;
const DIFF = 1;

// --- lookups ---------------------------------------------------------------

/** The set at `key` for a read: undefined when missing (nothing replied), null after replying WRONGTYPE. */
function readSet(c: CommandContext, key: string): SetValue | undefined | null {
  const v = c.db.lookupRead(key);
  if (v === undefined || v instanceof SetValue) return v;
  c.addError(WRONGTYPE);
  return null;
}

/** As readSet, for a write (no hit/miss statistics). */
function writeSet(c: CommandContext, key: string): SetValue | undefined | null {
  const v = c.db.lookupWrite(key);
  if (v === undefined || v instanceof SetValue) return v;
  c.addError(WRONGTYPE);
  return null;
}

function maxIntsetEntries(c: CommandContext): number {
  return c.server.config.getNumber('set-max-intset-entries');
}

/** An empty set reply: `*0` in RESP2, `~0` in RESP3 (shared.emptyset). */
function addEmptySet(c: CommandContext): void {
  c.addSetLen(0);
}

// --- SADD / SREM / SMOVE --------------------------------------------------------

function sadd(c: CommandContext, argv: string[]): void {
  const key = argv[1];
  let set = writeSet(c, key);
  if (set === null) return;
  if (set === undefined) {
    set = SetValue.createFor(argv[2]);
    c.db.setKey(key, set);
  }
  const max = maxIntsetEntries(c);
  let added = 0;
  for (let j = 2; j < argv.length; j++) if (set.add(argv[j], max)) added++;
  if (added > 0) {
    c.db.signalModified(key);
    c.server.notifyKeyspaceEvent('s', 'sadd', key, c.db.id);
  }
  c.server.dirty += added;
  c.addInt(added);
}

function srem(c: CommandContext, argv: string[]): void {
  const key = argv[1];
  const set = writeSet(c, key);
  if (set === null) return;
  if (set === undefined) {
    c.addInt(0);
    return;
  }
  let deleted = 0;
  let keyRemoved = false;
  for (let j = 2; j < argv.length; j++) {
    if (!set.remove(argv[j])) continue;
    deleted++;
    if (set.size === 0) {
      c.db.delete(key);
      keyRemoved = true;
      break;
    }
  }
  if (deleted > 0) {
    c.db.signalModified(key);
    c.server.notifyKeyspaceEvent('s', 'srem', key, c.db.id);
    if (keyRemoved) c.server.notifyKeyspaceEvent('g', 'del', key, c.db.id);
    c.server.dirty += deleted;
  }
  c.addInt(deleted);
}

function smove(c: CommandContext, argv: string[]): void {
  const [, srcKey, dstKey, member] = argv;
  const src = c.db.lookupWrite(srcKey);
  const dst = c.db.lookupWrite(dstKey);
  // A missing source answers 0 before any type check (even of the destination).
  if (src === undefined) {
    c.addInt(0);
    return;
  }
  if (!(src instanceof SetValue) || (dst !== undefined && !(dst instanceof SetValue))) {
    c.addError(WRONGTYPE);
    return;
  }
  if (src === dst) {
    c.addInt(src.has(member) ? 1 : 0);
    return;
  }
  if (!src.remove(member)) {
    c.addInt(0);
    return;
  }
  const id = c.db.id;
  c.server.notifyKeyspaceEvent('s', 'srem', srcKey, id);
  if (src.size === 0) {
    c.db.delete(srcKey);
    c.server.notifyKeyspaceEvent('g', 'del', srcKey, id);
  }
  let target = dst;
  if (target === undefined) {
    target = SetValue.createFor(member);
    c.db.setKey(dstKey, target);
  }
  c.db.signalModified(srcKey);
  c.server.dirty++;
  if (target.add(member, maxIntsetEntries(c))) {
    c.server.dirty++;
    c.db.signalModified(dstKey);
    c.server.notifyKeyspaceEvent('s', 'sadd', dstKey, id);
  }
  c.addInt(1);
}

// --- SISMEMBER / SMISMEMBER / SCARD ---------------------------------------------

function sismember(c: CommandContext, argv: string[]): void {
  const set = readSet(c, argv[1]);
  if (set === null) return;
  c.addInt(set !== undefined && set.has(argv[2]) ? 1 : 0);
}

function smismember(c: CommandContext, argv: string[]): void {
  // A missing key is an empty set: a zero per member.
  const set = readSet(c, argv[1]);
  if (set === null) return;
  c.addArrayLen(argv.length - 2);
  for (let j = 2; j < argv.length; j++) c.addInt(set !== undefined && set.has(argv[j]) ? 1 : 0);
}

function scard(c: CommandContext, argv: string[]): void {
  const set = readSet(c, argv[1]);
  if (set === null) return;
  c.addInt(set === undefined ? 0 : set.size);
}

// --- SPOP -------------------------------------------------------------------------

function spop(c: CommandContext, argv: string[]): void {
  if (argv.length === 3) {
    spopWithCount(c, argv);
    return;
  }
  if (argv.length > 3) {
    c.addError(SYNTAX);
    return;
  }
  const key = argv[1];
  const set = writeSet(c, key);
  if (set === null) return;
  if (set === undefined) {
    c.addNull();
    return;
  }
  const member = set.popRandom();
  const id = c.db.id;
  c.server.notifyKeyspaceEvent('s', 'spop', key, id);
  // Replicas must remove the same member, not draw their own.
  c.rewritePropagation(['SREM', key, member]);
  c.addBulk(member);
  if (set.size === 0) {
    c.db.delete(key);
    c.server.notifyKeyspaceEvent('g', 'del', key, id);
  }
  c.db.signalModified(key);
  c.server.dirty++;
}

function spopWithCount(c: CommandContext, argv: string[]): void {
  const key = argv[1];
  const l = parseInt64(argv[2]);
  if (l === null || l < 0n) {
    c.addError(MUST_BE_POSITIVE);
    return;
  }
  const set = writeSet(c, key);
  if (set === null) return;
  if (set === undefined || l === 0n) {
    addEmptySet(c);
    return;
  }
  const size = set.size;
  const count = l >= BigInt(size) ? size : Number(l);
  const id = c.db.id;
  c.server.notifyKeyspaceEvent('s', 'spop', key, id);
  c.server.dirty += count;

  // Case 1: everything goes. The reply is the set's union with nothing, as
  // in Redis (so an all-integer hashtable comes out sorted), then a DEL.
  if (count === size) {
    sunionDiff(c, [key], null, UNION);
    c.db.delete(key);
    c.server.notifyKeyspaceEvent('g', 'del', key, id);
    c.rewritePropagation(['DEL', key]);
    c.db.signalModified(key);
    return;
  }

  // Cases 2 and 3 are propagated as one SREM per popped member.
  c.rewritePropagation([]);
  c.addSetLen(count);
  let remaining = size - count;
  if (remaining * SPOP_MOVE_STRATEGY_MUL > count) {
    // Case 2: few members to pop: draw them one by one.
    for (let i = 0; i < count; i++) {
      const member = set.popRandom();
      c.addBulk(member);
      c.alsoPropagate(id, ['SREM', key, member]);
    }
  } else {
    // Case 3: most members go: move the few survivors to a new set and
    // hand over what is left of the old one.
    const max = maxIntsetEntries(c);
    let survivors: SetValue | null = null;
    while (remaining-- > 0) {
      const member = set.popRandom();
      survivors ??= SetValue.createFor(member);
      survivors.add(member, max);
    }
    set.forEach((member) => {
      c.addBulk(member);
      c.alsoPropagate(id, ['SREM', key, member]);
    });
    c.db.overwrite(key, survivors as SetValue);
  }
  c.db.signalModified(key);
}

// --- SRANDMEMBER ----------------------------------------------------------------------

function srandmember(c: CommandContext, argv: string[]): void {
  if (argv.length === 3) {
    srandmemberWithCount(c, argv);
    return;
  }
  if (argv.length > 3) {
    c.addError(SYNTAX);
    return;
  }
  const set = readSet(c, argv[1]);
  if (set === null) return;
  if (set === undefined) c.addNull();
  else c.addBulk(set.randomMember());
}

function srandmemberWithCount(c: CommandContext, argv: string[]): void {
  const l = parseInt64(argv[2]);
  if (l === null) {
    c.addError(NOT_INTEGER);
    return;
  }
  // -LONG_MAX..LONG_MAX: the absolute value of LONG_MIN would overflow.
  if (l < -LONG_MAX) {
    c.addError(LONG_RANGE);
    return;
  }
  const set = readSet(c, argv[1]);
  if (set === null) return;
  // Both "no key" and "count 0" answer an empty array (not a set: 7.0 replies arrays here).
  if (set === undefined || l === 0n) {
    c.addArrayLen(0);
    return;
  }
  const size = set.size;
  const uniq = l > 0n;
  const abs = uniq ? l : -l;

  // Case 1: repeats allowed (negative count), or a single member: draw each.
  if (!uniq || abs === 1n) {
    randomMembersWithRepeats(c, set, abs);
    return;
  }
  // Case 2: the whole set, in its iteration order.
  if (abs >= BigInt(size)) {
    c.addArrayLen(size);
    set.forEach((m) => {
      c.addBulk(m);
    });
    return;
  }
  const count = Number(abs);
  let picked: Iterable<string>;
  if (count * SRANDMEMBER_SUB_STRATEGY_MUL > size) {
    // Case 3: count close to the size: take everything, then drop random
    // members until count remain.
    const all = set.members();
    while (all.length > count) {
      const i = Math.floor(Math.random() * all.length);
      all[i] = all[all.length - 1];
      all.pop();
    }
    picked = all;
  } else {
    // Case 4: a big set: draw until count distinct members are found.
    const seen = new Set<string>();
    while (seen.size < count) seen.add(set.randomMember());
    picked = seen;
  }
  c.addArrayLen(count);
  for (const m of picked) c.addBulk(m);
}

/** SRANDMEMBER's negative count: `count` independent draws. */
function randomMembersWithRepeats(c: CommandContext, set: SetValue, count: bigint): void {
  // A reply that cannot be built is handled as Redis handles a client over
  // its output buffer limit: the client is closed.
  let budget = MAX_REPLY_BYTES;
  if (count > BigInt(MAX_REPLY_BYTES)) {
    closeForReplySize(c, 'SRANDMEMBER');
    return;
  }
  const n = Number(count);
  c.addArrayLen(n);
  for (let i = 0; i < n; i++) {
    const m = set.randomMember();
    budget -= m.length + 16;
    if (budget < 0) {
      closeForReplySize(c, 'SRANDMEMBER');
      return;
    }
    c.addBulk(m);
  }
}

function closeForReplySize(c: CommandContext, command: string): void {
  c.server.logger.warning(`Client ${c.addr} closed: the ${command} reply would exceed ${MAX_REPLY_BYTES} bytes.`);
  c.close();
}

// --- SINTER / SMEMBERS / SINTERSTORE / SINTERCARD ------------------------------------------

/**
 * Redis's sinterGenericCommand: walk the smallest set, keep the members
 * every other set has. Replies the members (dst null, not cardOnly),
 * stores them at `dst`, or only counts them up to `limit` (0 = no limit).
 */
function sinterGeneric(c: CommandContext, keys: readonly string[], dst: string | null, cardOnly: boolean, limit: number): void {
  const sets: SetValue[] = [];
  let empty = false;
  for (const key of keys) {
    const set = readSet(c, key);
    if (set === null) return;
    // A missing key is an empty set, but later keys are still type-checked.
    if (set === undefined) empty = true;
    else sets.push(set);
  }
  if (empty) {
    if (dst !== null) {
      if (c.db.delete(dst)) {
        c.server.notifyKeyspaceEvent('g', 'del', dst, c.db.id);
        c.server.dirty++;
      }
      c.addInt(0);
    } else if (cardOnly) {
      c.addInt(0);
    } else {
      addEmptySet(c);
    }
    return;
  }

  // Smallest first: fewer members to probe (Array.prototype.sort is stable).
  sets.sort((a, b) => a.size - b.size);
  const first = sets[0];
  const n = sets.length;
  const max = maxIntsetEntries(c);
  const result = dst !== null ? SetValue.createIntset() : null;
  const out: string[] = [];
  let cardinality = 0;

  if (first.isIntset) {
    // Integers probe other intsets without building strings.
    const size = first.size;
    for (let i = 0; i < size; i++) {
      const v = first.intAt(i);
      let j = 1;
      for (; j < n; j++) {
        if (sets[j] !== first && !sets[j].hasInt(v)) break;
      }
      if (j < n) continue;
      if (cardOnly) {
        cardinality++;
        if (limit > 0 && cardinality >= limit) break;
      } else if (result !== null) {
        result.addInt(v, max);
      } else {
        out.push(String(v));
      }
    }
  } else {
    first.forEach((m) => {
      for (let j = 1; j < n; j++) {
        if (sets[j] !== first && !sets[j].has(m)) return false;
      }
      if (cardOnly) {
        cardinality++;
        return limit > 0 && cardinality >= limit;
      }
      if (result !== null) result.add(m, max);
      else out.push(m);
      return false;
    });
  }

  if (cardOnly) {
    c.addInt(cardinality);
  } else if (result !== null) {
    storeResult(c, dst as string, result, 'sinterstore');
  } else {
    c.addSetLen(out.length);
    for (const m of out) c.addBulk(m);
  }
}

/**
 * The STORE ending shared by the set operations: a non-empty result
 * replaces the destination (TTL dropped), an empty one deletes it.
 */
function storeResult(c: CommandContext, dst: string, result: SetValue, event: string): void {
  const id = c.db.id;
  if (result.size > 0) {
    c.db.setKey(dst, result);
    c.addInt(result.size);
    c.server.notifyKeyspaceEvent('s', event, dst, id);
    c.server.dirty++;
  } else {
    c.addInt(0);
    if (c.db.delete(dst)) {
      c.server.dirty++;
      c.server.notifyKeyspaceEvent('g', 'del', dst, id);
    }
  }
}

function sintercard(c: CommandContext, argv: string[]): void {
  const nk = parseInt64(argv[1]);
  if (nk === null || nk < 1n) {
    c.addError(NUMKEYS);
    return;
  }
  if (nk > BigInt(argv.length - 2)) {
    c.addError(TOO_MANY_KEYS);
    return;
  }
  const numkeys = Number(nk);
  let limit = 0;
  for (let j = 2 + numkeys; j < argv.length; j++) {
    if (isWord(argv[j], 'limit') && j + 1 < argv.length) {
      j++;
      const v = parseInt64(argv[j]);
      if (v === null || v < 0n) {
        c.addError(NEGATIVE_LIMIT);
        return;
      }
      limit = Number(v);
    } else {
      c.addError(SYNTAX);
      return;
    }
  }
  sinterGeneric(c, argv.slice(2, 2 + numkeys), null, true, limit);
}

/** C's atoi as Redis's key extraction uses it: strtol's prefix, truncated to an int. */
function atoi(s: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?\d+)/.exec(s);
  if (m === null) return 0;
  let v = BigInt(m[1]);
  if (v > LONG_MAX) v = LONG_MAX;
  if (v < -LONG_MAX - 1n) v = -LONG_MAX - 1n;
  return Number(BigInt.asIntN(32, v));
}

/** SINTERCARD's keys (Redis's sintercardGetKeys): none when numkeys is unusable. */
function sintercardKeys(argv: string[]): number[] {
  const num = atoi(argv[1] ?? '');
  if (num < 1 || num > argv.length - 2) return [];
  const out: number[] = [];
  for (let i = 0; i < num; i++) out.push(2 + i);
  return out;
}

// --- SUNION / SDIFF and their STORE variants --------------------------------------------

/**
 * Redis's sunionDiffGenericCommand. The result is always built in a new set
 * (starting as an intset) and then replied or stored, so its order and
 * encoding are the ones Redis produces.
 */
function sunionDiff(c: CommandContext, keys: readonly string[], dst: string | null, op: number): void {
  const n = keys.length;
  const sets: (SetValue | null)[] = new Array<SetValue | null>(n);
  let sameSet = false;
  for (let j = 0; j < n; j++) {
    const set = readSet(c, keys[j]);
    if (set === null) return;
    sets[j] = set ?? null;
    if (j > 0 && set !== undefined && set === sets[0]) sameSet = true;
  }
  const first = sets[0];

  // DIFF: probe each member of the first set in the others (algorithm 1,
  // O(N*M)), or copy the first set and remove the others' members
  // (algorithm 2, O(total)), whichever Redis's estimate picks.
  let diffAlgo = 1;
  if (op === DIFF && first !== null && !sameSet) {
    let one = 0;
    let two = 0;
    for (let j = 0; j < n; j++) {
      const set = sets[j];
      if (set === null) continue;
      one += first.size;
      two += set.size;
    }
    // Algorithm 1 does less work when members are shared: it gets an edge.
    one = Math.floor(one / 2);
    diffAlgo = one <= two ? 1 : 2;
    if (diffAlgo === 1 && n > 1) {
      // Largest first, to find a member's other home sooner.
      const rest = sets.slice(1).sort((a, b) => (b?.size ?? 0) - (a?.size ?? 0));
      for (let j = 1; j < n; j++) sets[j] = rest[j - 1];
    }
  }

  const max = maxIntsetEntries(c);
  const result = SetValue.createIntset();
  let cardinality = 0;
  if (op === UNION) {
    for (const set of sets) {
      if (set !== null) cardinality += addAll(result, set, max);
    }
  } else if (first !== null && sameSet) {
    // The first set is subtracted from itself: nothing remains.
  } else if (first !== null && diffAlgo === 1) {
    first.forEach((m) => {
      for (let j = 1; j < n; j++) {
        const other = sets[j];
        if (other === null) continue;
        if (other === first || other.has(m)) return;
      }
      result.add(m, max);
      cardinality++;
    });
  } else if (first !== null) {
    for (let j = 0; j < n; j++) {
      const set = sets[j];
      if (set === null) continue;
      if (j === 0) {
        cardinality += addAll(result, set, max);
      } else {
        set.forEach((m) => {
          if (result.remove(m)) cardinality--;
        });
      }
      // Nothing left to remove from.
      if (cardinality === 0) break;
    }
  }

  if (dst === null) {
    c.addSetLen(cardinality);
    result.forEach((m) => {
      c.addBulk(m);
    });
  } else {
    storeResult(c, dst, result, op === UNION ? 'sunionstore' : 'sdiffstore');
  }
}

/** Add every member of `from` to `to`; returns how many were new. */
function addAll(to: SetValue, from: SetValue, max: number): number {
  let added = 0;
  if (from.isIntset) {
    const size = from.size;
    for (let i = 0; i < size; i++) if (to.addInt(from.intAt(i), max)) added++;
  } else {
    from.forEach((m) => {
      if (to.add(m, max)) added++;
    });
  }
  return added;
}

// --- SSCAN ---------------------------------------------------------------------------------

function sscan(c: CommandContext, argv: string[]): void {
  const cursor = parseScanCursor(argv[2]);
  if (cursor === null) {
    c.addError('ERR invalid cursor');
    return;
  }
  const set = readSet(c, argv[1]);
  if (set === null) return;
  if (set === undefined) {
    c.addArrayLen(2);
    c.addBulk('0');
    c.addArrayLen(0);
    return;
  }
  const opts = collectionScanOptionsOrReply(c, argv, 3);
  if (opts === null) return;
  const { count, match } = opts;
  const out: string[] = [];
  const next = set.scan(cursor, count, (m) => {
    if (match === null || match(m)) out.push(m);
  });
  c.addArrayLen(2);
  c.addBulk(String(next));
  c.addBulks(out);
}

// --- the command table ---------------------------------------------------------------------

const KEY: ArgDoc = { name: 'key', type: 'key', keySpecIndex: 0 };
const KEYS: ArgDoc = { name: 'key', type: 'key', keySpecIndex: 0, multiple: true };
const MEMBER: ArgDoc = { name: 'member', type: 'string' };
const MEMBERS: ArgDoc = { name: 'member', type: 'string', multiple: true };
const STORE_ARGS: readonly ArgDoc[] = [
  { name: 'destination', type: 'key', keySpecIndex: 0 },
  { name: 'key', type: 'key', keySpecIndex: 1, multiple: true },
];
const ONE_KEY = { first: 1, last: 1, step: 1 } as const;
const ALL_KEYS = { first: 1, last: -1, step: 1 } as const;
const INTER_COMPLEXITY = 'O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets.';
const TOTAL_COMPLEXITY = 'O(N) where N is the total number of elements in all given sets.';

/** Key specs of a STORE variant: the destination (written as `destFlags`), then the sources. */
function storeKeySpecs(destFlags: readonly KeySpecFlag[]): CommandSpec['keySpecs'] {
  return [
    { flags: destFlags, beginSearch: { index: 1 }, findKeys: { lastKey: 0, keyStep: 1, limit: 0 } },
    { flags: ['RO', 'access'], beginSearch: { index: 2 }, findKeys: { lastKey: -1, keyStep: 1, limit: 0 } },
  ];
}

const set = (spec: Omit<CommandSpec, 'group' | 'acl'>): CommandSpec => ({ ...spec, group: 'set', acl: ['set'] });

export const setCommands: CommandSpec[] = [
  set({
    name: 'sadd',
    arity: -3,
    flags: ['write', 'denyoom', 'fast'],
    keys: ONE_KEY,
    keyFlags: ['RW', 'insert'],
    since: '1.0.0',
    summary: 'Add members to a set, creating it if needed',
    complexity: 'O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.',
    history: [['2.4.0', 'Accepts multiple `member` arguments.']],
    args: [KEY, MEMBERS],
    handler: sadd,
  }),
  set({
    name: 'srem',
    arity: -3,
    flags: ['write', 'fast'],
    keys: ONE_KEY,
    keyFlags: ['RW', 'delete'],
    since: '1.0.0',
    summary: 'Remove members from a set, deleting the key once it is empty',
    complexity: 'O(N) where N is the number of members to be removed.',
    history: [['2.4.0', 'Accepts multiple `member` arguments.']],
    args: [KEY, MEMBERS],
    handler: srem,
  }),
  set({
    name: 'smembers',
    arity: 2,
    flags: ['readonly'],
    keys: ONE_KEY,
    keyFlags: ['RO', 'access'],
    since: '1.0.0',
    summary: 'List every member of a set',
    complexity: 'O(N) where N is the set cardinality.',
    tips: ['nondeterministic_output_order'],
    args: [KEY],
    // Redis serves SMEMBERS with SINTER of the one key.
    handler: (c, argv) => sinterGeneric(c, [argv[1]], null, false, 0),
  }),
  set({
    name: 'sismember',
    arity: 3,
    flags: ['readonly', 'fast'],
    keys: ONE_KEY,
    keyFlags: ['RO'],
    since: '1.0.0',
    summary: 'Tell whether a value is a member of a set',
    complexity: 'O(1)',
    args: [KEY, MEMBER],
    handler: sismember,
  }),
  set({
    name: 'smismember',
    arity: -3,
    flags: ['readonly', 'fast'],
    keys: ONE_KEY,
    keyFlags: ['RO', 'access'],
    since: '6.2.0',
    summary: 'Tell, for each of several values, whether it is a member of a set',
    complexity: 'O(N) where N is the number of elements being checked for membership',
    args: [KEY, MEMBERS],
    handler: smismember,
  }),
  set({
    name: 'scard',
    arity: 2,
    flags: ['readonly', 'fast'],
    keys: ONE_KEY,
    keyFlags: ['RO'],
    since: '1.0.0',
    summary: 'Count the members of a set',
    complexity: 'O(1)',
    args: [KEY],
    handler: scard,
  }),
  set({
    name: 'spop',
    arity: -2,
    flags: ['write', 'fast'],
    keys: ONE_KEY,
    keyFlags: ['RW', 'access', 'delete'],
    since: '1.0.0',
    summary: 'Remove and return random members of a set',
    complexity: 'Without the count argument O(1), otherwise O(N) where N is the value of the passed count.',
    history: [['3.2.0', 'Added the `count` argument.']],
    tips: ['nondeterministic_output'],
    args: [KEY, { name: 'count', type: 'integer', since: '3.2.0', optional: true }],
    handler: spop,
  }),
  set({
    name: 'srandmember',
    arity: -2,
    flags: ['readonly'],
    keys: ONE_KEY,
    keyFlags: ['RO', 'access'],
    since: '1.0.0',
    summary: 'Return random members of a set without removing them',
    complexity: 'Without the count argument O(1), otherwise O(N) where N is the absolute value of the passed count.',
    history: [['2.6.0', 'Added the optional `count` argument.']],
    tips: ['nondeterministic_output'],
    args: [KEY, { name: 'count', type: 'integer', since: '2.6.0', optional: true }],
    handler: srandmember,
  }),
  set({
    name: 'smove',
    arity: 4,
    flags: ['write', 'fast'],
    keys: { first: 1, last: 2, step: 1 },
    keySpecs: [
      { flags: ['RW', 'access', 'delete'], beginSearch: { index: 1 }, findKeys: { lastKey: 0, keyStep: 1, limit: 0 } },
      { flags: ['RW', 'insert'], beginSearch: { index: 2 }, findKeys: { lastKey: 0, keyStep: 1, limit: 0 } },
    ],
    since: '1.0.0',
    summary: 'Move a member from one set to another',
    complexity: 'O(1)',
    args: [
      { name: 'source', type: 'key', keySpecIndex: 0 },
      { name: 'destination', type: 'key', keySpecIndex: 1 },
      MEMBER,
    ],
    handler: smove,
  }),
  set({
    name: 'sinter',
    arity: -2,
    flags: ['readonly'],
    keys: ALL_KEYS,
    keyFlags: ['RO', 'access'],
    since: '1.0.0',
    summary: 'Return the members common to every given set',
    complexity: INTER_COMPLEXITY,
    tips: ['nondeterministic_output_order'],
    args: [KEYS],
    handler: (c, argv) => sinterGeneric(c, argv.slice(1), null, false, 0),
  }),
  set({
    name: 'sintercard',
    arity: -3,
    flags: ['readonly'],
    getKeys: sintercardKeys,
    keySpecs: [{ flags: ['RO', 'access'], beginSearch: { index: 1 }, findKeys: { keyNumIdx: 0, firstKey: 1, keyStep: 1 } }],
    since: '7.0.0',
    summary: 'Count the members common to every given set, optionally stopping at a limit',
    complexity: INTER_COMPLEXITY,
    args: [{ name: 'numkeys', type: 'integer' }, KEYS, { name: 'limit', type: 'integer', token: 'LIMIT', optional: true }],
    handler: sintercard,
  }),
  set({
    name: 'sinterstore',
    arity: -3,
    flags: ['write', 'denyoom'],
    keys: ALL_KEYS,
    keySpecs: storeKeySpecs(['RW', 'update']),
    since: '1.0.0',
    summary: 'Store the intersection of sets in a key',
    complexity: INTER_COMPLEXITY,
    args: STORE_ARGS,
    handler: (c, argv) => sinterGeneric(c, argv.slice(2), argv[1], false, 0),
  }),
  set({
    name: 'sunion',
    arity: -2,
    flags: ['readonly'],
    keys: ALL_KEYS,
    keyFlags: ['RO', 'access'],
    since: '1.0.0',
    summary: 'Return the members found in any of the given sets',
    complexity: TOTAL_COMPLEXITY,
    tips: ['nondeterministic_output_order'],
    args: [KEYS],
    handler: (c, argv) => sunionDiff(c, argv.slice(1), null, UNION),
  }),
  set({
    name: 'sunionstore',
    arity: -3,
    flags: ['write', 'denyoom'],
    keys: ALL_KEYS,
    keySpecs: storeKeySpecs(['OW', 'update']),
    since: '1.0.0',
    summary: 'Store the union of sets in a key',
    complexity: TOTAL_COMPLEXITY,
    args: STORE_ARGS,
    handler: (c, argv) => sunionDiff(c, argv.slice(2), argv[1], UNION),
  }),
  set({
    name: 'sdiff',
    arity: -2,
    flags: ['readonly'],
    keys: ALL_KEYS,
    keyFlags: ['RO', 'access'],
    since: '1.0.0',
    summary: 'Return the members of the first set that no other given set has',
    complexity: TOTAL_COMPLEXITY,
    tips: ['nondeterministic_output_order'],
    args: [KEYS],
    handler: (c, argv) => sunionDiff(c, argv.slice(1), null, DIFF),
  }),
  set({
    name: 'sdiffstore',
    arity: -3,
    flags: ['write', 'denyoom'],
    keys: ALL_KEYS,
    keySpecs: storeKeySpecs(['OW', 'update']),
    since: '1.0.0',
    summary: 'Store the difference of the first set and the others in a key',
    complexity: TOTAL_COMPLEXITY,
    args: STORE_ARGS,
    handler: (c, argv) => sunionDiff(c, argv.slice(2), argv[1], DIFF),
  }),
  set({
    name: 'sscan',
    arity: -3,
    flags: ['readonly'],
    keys: ONE_KEY,
    keyFlags: ['RO', 'access'],
    since: '2.8.0',
    summary: 'Walk the members of a set a few at a time with a cursor',
    complexity:
      'O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection..',
    tips: ['nondeterministic_output'],
    args: [
      KEY,
      { name: 'cursor', type: 'integer' },
      { name: 'pattern', type: 'pattern', token: 'MATCH', optional: true },
      { name: 'count', type: 'integer', token: 'COUNT', optional: true },
    ],
    handler: sscan,
  }),
];
