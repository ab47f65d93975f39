/**
 * The list family (Redis's t_list.c): pushes and pops at both ends, index
 * access, LINSERT/LREM/LTRIM/LPOS, the moves (LMOVE, RPOPLPUSH), LMPOP and
 * the blocking variants BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BLMPOP.
 *
 * Conventions that matter for byte-compatibility with Redis 7.0.15:
 *  - Arguments are checked in Redis's order: some commands parse their
 *    numbers before looking the key up (LRANGE, LTRIM, LREM, LPOP count),
 *    others after (LINDEX, LSET), so the same bad request gets the same
 *    error.
 *  - A write that empties a list deletes the key ('del' event), as Redis
 *    never keeps empty lists.
 *  - Blocking commands (server/blocking.ts): with nothing to pop, the
 *    handler parks the client; when a waited key changes the handler runs
 *    again. A re-run is recognised by `c.blocked` and follows what 7.0's
 *    serveClientBlockedOnList does: keys of another type are skipped (the
 *    client keeps waiting instead of getting WRONGTYPE), and the
 *    propagated LMOVE spells its directions in lowercase.
 *  - The pops propagate as their non-blocking forms: BLPOP → LPOP key,
 *    LMPOP/BLMPOP → LPOP key count, BLMOVE → LMOVE, BRPOPLPUSH → RPOPLPUSH.
 */
import type { ArgDoc, CommandContext, CommandSpec, KeySpec } from './types.js';
import { NOT_INTEGER, NO_SUCH_KEY, OUT_OF_RANGE, SYNTAX, WRONGTYPE, WRONG_ARITY } from './errors.js';
import { intArgOrReply, isWord, rangeLongOrReply, timeoutArgOrReply } from './help.js';
import { INT64_MIN, parseInt64 } from '../datatypes/numbers.js';
import { ListValue } from '../datatypes/list.js';

// --- argument helpers ----------------------------------------------------

/** LEFT / RIGHT (Redis's getListPositionFromObjectOrReply): true for the head. */
function whereOrReply(c: CommandContext, s: string): boolean | null {
  if (isWord(s, 'left')) return true;
  if (isWord(s, 'right')) return false;
  c.addError(SYNTAX);
  return null;
}

/** The key's list, null when absent; undefined after replying WRONGTYPE. */
function listOrReply(c: CommandContext, key: string, forWrite: boolean): ListValue | null | undefined {
  const v = forWrite ? c.db.lookupWrite(key) : c.db.lookupRead(key);
  if (v === undefined) return null;
  if (v instanceof ListValue) return v;
  c.addError(WRONGTYPE);
  return undefined;
}

function notifyList(c: CommandContext, event: string, key: string): void {
  c.server.notifyKeyspaceEvent('l', event, key, c.db.id);
}

/**
 * Redis's listElementsRemoved: after popping `n` elements, the pop event,
 * the key deleted when empty, the modification signalled.
 */
function elementsRemoved(c: CommandContext, key: string, head: boolean, list: ListValue, n: number): void {
  notifyList(c, head ? 'lpop' : 'rpop', key);
  if (list.length === 0) {
    c.db.delete(key); // signals the key
    c.server.notifyKeyspaceEvent('g', 'del', key, c.db.id);
  } else {
    c.db.signalModified(key);
  }
  c.server.dirty += n;
}

/**
 * Redis's addListRangeReply: elements start..end (negative counts from the
 * tail, clamped), tail first when `reverse`.
 */
function addRange(c: CommandContext, list: ListValue, start: number, end: number, reverse: boolean): void {
  const len = list.length;
  if (start < 0) start = len + start;
  if (end < 0) end = len + end;
  if (start < 0) start = 0;
  if (start > end || start >= len) {
    c.addArrayLen(0);
    return;
  }
  if (end >= len) end = len - 1;
  c.addArrayLen(end - start + 1);
  if (reverse) for (let i = end; i >= start; i--) c.addBulk(list.get(i));
  else for (let i = start; i <= end; i++) c.addBulk(list.get(i));
}

/** Pop min(count, length) elements from one end, replying them as an array. */
function popRange(c: CommandContext, list: ListValue, head: boolean, count: number): number {
  const n = Math.min(count, list.length);
  c.addArrayLen(n);
  for (let i = 0; i < n; i++) c.addBulk((head ? list.popHead() : list.popTail()) as string);
  return n;
}

// --- pushes ----------------------------------------------------------------

/** LPUSH / RPUSH / LPUSHX / RPUSHX (Redis's pushGenericCommand). */
function push(c: CommandContext, argv: string[], head: boolean, onlyIfExists: boolean): void {
  const key = argv[1];
  let list = listOrReply(c, key, true);
  if (list === undefined) return;
  const created = list === null;
  if (list === null) {
    if (onlyIfExists) {
      c.addInt(0);
      return;
    }
    list = new ListValue(argv.length - 2);
  } else {
    list.reserve(argv.length - 2);
  }
  if (head) for (let j = 2; j < argv.length; j++) list.pushHead(argv[j]);
  else for (let j = 2; j < argv.length; j++) list.pushTail(argv[j]);
  if (created) c.db.setKey(key, list);
  else c.db.signalModified(key);
  c.server.dirty += argv.length - 2;
  c.addInt(list.length);
  notifyList(c, head ? 'lpush' : 'rpush', key);
}

// --- pops --------------------------------------------------------------------

/** LPOP / RPOP key [count] (Redis's popGenericCommand). */
function pop(c: CommandContext, argv: string[], head: boolean): void {
  if (argv.length > 3) {
    c.addError(WRONG_ARITY(head ? 'lpop' : 'rpop'));
    return;
  }
  const hasCount = argv.length === 3;
  let count = 0;
  if (hasCount) {
    const n = rangeLongOrReply(c, argv[2], 0, 'ERR value is out of range, must be positive');
    if (n === null) return;
    count = n;
  }
  const key = argv[1];
  const list = listOrReply(c, key, true);
  if (list === undefined) return;
  if (list === null) {
    if (hasCount) c.addNullArray();
    else c.addNull();
    return;
  }
  if (hasCount && count === 0) {
    c.addArrayLen(0);
    return;
  }
  if (!hasCount) {
    c.addBulk((head ? list.popHead() : list.popTail()) as string);
    elementsRemoved(c, key, head, list, 1);
    return;
  }
  const n = popRange(c, list, head, count);
  elementsRemoved(c, key, head, list, n);
}

/**
 * The serving part of LMPOP/BLMPOP/BLPOP/BRPOP on a non-empty list: reply,
 * remove, and propagate the equivalent LPOP/RPOP. `count` < 0 is the
 * single-element form ([key, element]); otherwise [key, [elements]].
 */
function serveListPop(c: CommandContext, key: string, list: ListValue, head: boolean, count: number): void {
  const popName = head ? 'LPOP' : 'RPOP';
  c.addArrayLen(2);
  c.addBulk(key);
  if (count < 0) {
    c.addBulk((head ? list.popHead() : list.popTail()) as string);
    elementsRemoved(c, key, head, list, 1);
    c.rewritePropagation([popName, key]);
    return;
  }
  const n = popRange(c, list, head, count);
  elementsRemoved(c, key, head, list, n);
  c.rewritePropagation([popName, key, String(n)]);
}

/**
 * BLPOP / BRPOP / BLMPOP (Redis's blockingPopGenericCommand): pop from the
 * first non-empty key, or wait for one. `count` < 0 for BLPOP/BRPOP.
 */
function blockingPop(c: CommandContext, argv: string[], keys: string[], head: boolean, timeoutIdx: number, count: number): void {
  const timeout = timeoutArgOrReply(c, argv[timeoutIdx]);
  if (timeout === null) return;
  const rerun = c.blocked;
  for (const key of keys) {
    const v = c.db.lookupWrite(key);
    if (v === undefined) continue;
    if (!(v instanceof ListValue)) {
      // Waiting clients are only served by lists (7.0's serve routine skips other types).
      if (rerun) continue;
      c.addError(WRONGTYPE);
      return;
    }
    serveListPop(c, key, v, head, count);
    return;
  }
  // Inside MULTI (or a script) there is no waiting: answer as on timeout.
  if (!c.canBlock) {
    c.addNullArray();
    return;
  }
  c.blockOn(keys, timeout, 'nullArray');
}

/** LMPOP / BLMPOP: numkeys key... LEFT|RIGHT [COUNT n] (Redis's lmpopGenericCommand). */
function lmpop(c: CommandContext, argv: string[], numkeysIdx: number, block: boolean): void {
  const numkeys = rangeLongOrReply(c, argv[numkeysIdx], 1, 'ERR numkeys should be greater than 0');
  if (numkeys === null) return;
  const whereIdx = numkeysIdx + numkeys + 1;
  if (whereIdx >= argv.length) {
    c.addError(SYNTAX);
    return;
  }
  const head = whereOrReply(c, argv[whereIdx]);
  if (head === null) return;
  let count = -1;
  for (let j = whereIdx + 1; j < argv.length; j++) {
    if (count === -1 && isWord(argv[j], 'count') && j < argv.length - 1) {
      const n = rangeLongOrReply(c, argv[++j], 1, 'ERR count should be greater than 0');
      if (n === null) return;
      count = n;
    } else {
      c.addError(SYNTAX);
      return;
    }
  }
  if (count === -1) count = 1;
  const keys = argv.slice(numkeysIdx + 1, whereIdx);
  if (block) {
    blockingPop(c, argv, keys, head, 1, count);
    return;
  }
  for (const key of keys) {
    const list = listOrReply(c, key, true);
    if (list === undefined) return;
    if (list === null) continue;
    serveListPop(c, key, list, head, count);
    return;
  }
  c.addNullArray();
}

// --- moves --------------------------------------------------------------------

/**
 * LMOVE's core (Redis's lmoveGenericCommand) once the source is known to
 * be a non-empty list: pop, push onto the destination (created if needed),
 * reply the element. Returns false after a WRONGTYPE destination.
 */
function moveElement(c: CommandContext, src: string, dst: string, from: ListValue, fromHead: boolean, toHead: boolean): boolean {
  // Looked up before the pop: with src == dst the element goes back onto the same list.
  const target = listOrReply(c, dst, true);
  if (target === undefined) return false;
  const value = (fromHead ? from.popHead() : from.popTail()) as string;
  let to = target;
  if (to === null) {
    to = new ListValue();
    if (toHead) to.pushHead(value);
    else to.pushTail(value);
    c.db.setKey(dst, to);
  } else {
    if (toHead) to.pushHead(value);
    else to.pushTail(value);
    c.db.signalModified(dst);
  }
  notifyList(c, toHead ? 'lpush' : 'rpush', dst);
  c.addBulk(value);
  notifyList(c, fromHead ? 'lpop' : 'rpop', src);
  if (from.length === 0) {
    c.db.delete(src);
    c.server.notifyKeyspaceEvent('g', 'del', src, c.db.id);
  } else {
    c.db.signalModified(src);
  }
  c.server.dirty++;
  return true;
}

function lmoveGeneric(c: CommandContext, argv: string[], fromHead: boolean, toHead: boolean): void {
  const list = listOrReply(c, argv[1], true);
  if (list === undefined) return;
  if (list === null) {
    c.addNull();
    return;
  }
  moveElement(c, argv[1], argv[2], list, fromHead, toHead);
}

function lmove(c: CommandContext, argv: string[]): void {
  const fromHead = whereOrReply(c, argv[3]);
  if (fromHead === null) return;
  const toHead = whereOrReply(c, argv[4]);
  if (toHead === null) return;
  lmoveGeneric(c, argv, fromHead, toHead);
}

/**
 * BLMOVE / BRPOPLPUSH (Redis's blmoveGenericCommand): move at once when
 * the source has elements, otherwise wait on the source.
 */
function blmoveGeneric(c: CommandContext, argv: string[], fromHead: boolean, toHead: boolean, timeoutIdx: number, rpoplpush: boolean): void {
  const timeout = timeoutArgOrReply(c, argv[timeoutIdx]);
  if (timeout === null) return;
  const src = argv[1];
  const dst = argv[2];
  const rerun = c.blocked;
  const v = c.db.lookupWrite(src);
  if (v !== undefined && !(v instanceof ListValue)) {
    if (rerun) {
      c.blockOn([src], timeout, 'nullArray');
      return;
    }
    c.addError(WRONGTYPE);
    return;
  }
  if (v === undefined) {
    if (!c.canBlock) c.addNull(); // MULTI: a null bulk, unlike the timeout's null array
    else c.blockOn([src], timeout, 'nullArray');
    return;
  }
  if (!moveElement(c, src, dst, v, fromHead, toHead)) return;
  if (rpoplpush) {
    c.rewritePropagation(['RPOPLPUSH', src, dst]);
  } else if (rerun) {
    // 7.0's serveClientBlockedOnList spells the directions itself.
    c.rewritePropagation(['LMOVE', src, dst, fromHead ? 'left' : 'right', toHead ? 'left' : 'right']);
  } else {
    c.rewritePropagation(['LMOVE', src, dst, argv[3], argv[4]]);
  }
}

function blmove(c: CommandContext, argv: string[]): void {
  const fromHead = whereOrReply(c, argv[3]);
  if (fromHead === null) return;
  const toHead = whereOrReply(c, argv[4]);
  if (toHead === null) return;
  blmoveGeneric(c, argv, fromHead, toHead, 5, false);
}

// --- reads and in-place edits --------------------------------------------------

function llen(c: CommandContext, argv: string[]): void {
  const list = listOrReply(c, argv[1], false);
  if (list === undefined) return;
  c.addInt(list === null ? 0 : list.length);
}

function lrange(c: CommandContext, argv: string[]): void {
  const start = intArgOrReply(c, argv[2]);
  if (start === null) return;
  const end = intArgOrReply(c, argv[3]);
  if (end === null) return;
  const list = listOrReply(c, argv[1], false);
  if (list === undefined) return;
  if (list === null) c.addArrayLen(0);
  else addRange(c, list, start, end, false);
}

/** An index as Redis's quicklist resolves it (negative from the tail), or -1 when out of range. */
function resolveIndex(list: ListValue, index: number): number {
  const i = index < 0 ? list.length + index : index;
  return i >= 0 && i < list.length ? i : -1;
}

function lindex(c: CommandContext, argv: string[]): void {
  const list = listOrReply(c, argv[1], false);
  if (list === undefined) return;
  if (list === null) {
    c.addNull();
    return;
  }
  const index = intArgOrReply(c, argv[2]);
  if (index === null) return;
  const i = resolveIndex(list, index);
  if (i < 0) c.addNull();
  else c.addBulk(list.get(i));
}

function lset(c: CommandContext, argv: string[]): void {
  const key = argv[1];
  const list = listOrReply(c, key, true);
  if (list === undefined) return;
  if (list === null) {
    c.addError(NO_SUCH_KEY);
    return;
  }
  const index = intArgOrReply(c, argv[2]);
  if (index === null) return;
  const i = resolveIndex(list, index);
  if (i < 0) {
    c.addError(OUT_OF_RANGE);
    return;
  }
  list.set(i, argv[3]);
  c.addOk();
  c.db.signalModified(key);
  notifyList(c, 'lset', key);
  c.server.dirty++;
}

function linsert(c: CommandContext, argv: string[]): void {
  let after: boolean;
  if (isWord(argv[2], 'after')) after = true;
  else if (isWord(argv[2], 'before')) after = false;
  else {
    c.addError(SYNTAX);
    return;
  }
  const key = argv[1];
  const list = listOrReply(c, key, true);
  if (list === undefined) return;
  if (list === null) {
    c.addInt(0);
    return;
  }
  const pivot = argv[3];
  const n = list.length;
  let at = -1;
  for (let i = 0; i < n; i++) {
    if (list.get(i) === pivot) {
      at = i;
      break;
    }
  }
  if (at < 0) {
    c.addInt(-1);
    return;
  }
  list.insertAt(after ? at + 1 : at, argv[4]);
  c.db.signalModified(key);
  notifyList(c, 'linsert', key);
  c.server.dirty++;
  c.addInt(list.length);
}

function lrem(c: CommandContext, argv: string[]): void {
  const toRemove = intArgOrReply(c, argv[2]);
  if (toRemove === null) return;
  const key = argv[1];
  const list = listOrReply(c, key, true);
  if (list === undefined) return;
  if (list === null) {
    c.addInt(0);
    return;
  }
  // A negative count scans from the tail; its magnitude (even -LONG_MIN) is the limit.
  const removed = list.removeEqual(argv[3], Math.abs(toRemove), toRemove < 0);
  c.server.dirty += removed;
  if (removed > 0) notifyList(c, 'lrem', key);
  if (list.length === 0) {
    c.db.delete(key);
    c.server.notifyKeyspaceEvent('g', 'del', key, c.db.id);
  } else if (removed > 0) {
    c.db.signalModified(key);
  }
  c.addInt(removed);
}

function ltrim(c: CommandContext, argv: string[]): void {
  let start = intArgOrReply(c, argv[2]);
  if (start === null) return;
  let end = intArgOrReply(c, argv[3]);
  if (end === null) return;
  const key = argv[1];
  const list = listOrReply(c, key, true);
  if (list === undefined) return;
  if (list === null) {
    c.addOk();
    return;
  }
  const len = list.length;
  if (start < 0) start = len + start;
  if (end < 0) end = len + end;
  if (start < 0) start = 0;
  let dropHead: number;
  let dropTail: number;
  if (start > end || start >= len) {
    dropHead = len;
    dropTail = 0;
  } else {
    if (end >= len) end = len - 1;
    dropHead = start;
    dropTail = len - end - 1;
  }
  list.dropHead(dropHead);
  list.dropTail(dropTail);
  notifyList(c, 'ltrim', key);
  if (list.length === 0) {
    c.db.delete(key);
    c.server.notifyKeyspaceEvent('g', 'del', key, c.db.id);
  } else {
    c.db.signalModified(key);
  }
  c.server.dirty += dropHead + dropTail;
  c.addOk();
}

const RANK_ZERO = "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list";

/** LPOS key element [RANK r] [COUNT n] [MAXLEN m] (Redis's lposCommand). */
function lpos(c: CommandContext, argv: string[]): void {
  let rank = 1;
  let count = -1;
  let maxlen = 0;
  // RANK -LONG_MIN overflows in C and stays negative: the first match from
  // the tail qualifies, and COUNT's stop test never fires.
  let unboundedCount = false;
  let fromTail = false;
  for (let j = 3; j < argv.length; j++) {
    const opt = argv[j];
    const more = j < argv.length - 1;
    if (isWord(opt, 'rank') && more) {
      const r = parseInt64(argv[++j]);
      if (r === null) {
        c.addError(NOT_INTEGER);
        return;
      }
      if (r === 0n) {
        c.addError(RANK_ZERO);
        return;
      }
      rank = Number(r);
      unboundedCount = r === INT64_MIN;
    } else if (isWord(opt, 'count') && more) {
      const n = rangeLongOrReply(c, argv[++j], 0, "ERR COUNT can't be negative");
      if (n === null) return;
      count = n;
    } else if (isWord(opt, 'maxlen') && more) {
      const n = rangeLongOrReply(c, argv[++j], 0, "ERR MAXLEN can't be negative");
      if (n === null) return;
      maxlen = n;
    } else {
      c.addError(SYNTAX);
      return;
    }
  }
  if (rank < 0) {
    fromTail = true;
    rank = unboundedCount ? 1 : -rank;
  }
  const list = listOrReply(c, argv[1], false);
  if (list === undefined) return;
  if (list === null) {
    if (count !== -1) c.addArrayLen(0);
    else c.addNull();
    return;
  }
  const ele = argv[2];
  const len = list.length;
  const limit = maxlen === 0 ? len : Math.min(len, maxlen);
  let matches = 0;
  if (count === -1) {
    for (let k = 0; k < limit; k++) {
      const i = fromTail ? len - 1 - k : k;
      if (list.get(i) === ele && ++matches >= rank) {
        c.addInt(i);
        return;
      }
    }
    c.addNull();
    return;
  }
  const found: number[] = [];
  for (let k = 0; k < limit; k++) {
    const i = fromTail ? len - 1 - k : k;
    if (list.get(i) !== ele || ++matches < rank) continue;
    found.push(i);
    if (count !== 0 && !unboundedCount && matches - rank + 1 >= count) break;
  }
  c.addArrayLen(found.length);
  for (const i of found) c.addInt(i);
}

// --- the table -----------------------------------------------------------------

const KEY: ArgDoc = { name: 'key', type: 'key', keySpecIndex: 0 };
const KEYS: ArgDoc = { name: 'key', type: 'key', keySpecIndex: 0, multiple: true };
const ELEMENTS: ArgDoc = { name: 'element', type: 'string', multiple: true };
const ONE_KEY = { first: 1, last: 1, step: 1 } as const;
const TWO_KEYS = { first: 1, last: 2, step: 1 } as const;
const TIMEOUT: ArgDoc = { name: 'timeout', type: 'double' };
const SIDE = (name: string): ArgDoc => ({
  name,
  type: 'oneof',
  arguments: [
    { name: 'left', type: 'pure-token', token: 'LEFT' },
    { name: 'right', type: 'pure-token', token: 'RIGHT' },
  ],
});
const MOVE_KEYS: ArgDoc[] = [
  { name: 'source', type: 'key', keySpecIndex: 0 },
  { name: 'destination', type: 'key', keySpecIndex: 1 },
];
const MPOP_ARGS: ArgDoc[] = [
  { name: 'numkeys', type: 'integer' },
  KEYS,
  SIDE('where'),
  { name: 'count', type: 'integer', token: 'COUNT', optional: true },
];
const keyAt = (index: number, flags: KeySpec['flags']): KeySpec => ({
  flags,
  beginSearch: { index },
  findKeys: { lastKey: 0, keyStep: 1, limit: 0 },
});
/** LMOVE-like: the source is read and emptied, the destination grows. */
const MOVE_SPECS: KeySpec[] = [keyAt(1, ['RW', 'access', 'delete']), keyAt(2, ['RW', 'insert'])];
const mpopSpecs = (index: number): KeySpec[] => [
  { flags: ['RW', 'access', 'delete'], beginSearch: { index }, findKeys: { keyNumIdx: 0, firstKey: 1, keyStep: 1 } },
];
const PUSH_COMPLEXITY = 'O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.';
const MPOP_COMPLEXITY = 'O(N+M) where N is the number of provided keys and M is the number of elements returned.';
const TIMEOUT_HISTORY = [['6.0.0', '`timeout` is interpreted as a double instead of an integer.']] as const;

/** C's atoi: optional blanks and sign, then digits up to the first non-digit (0 if none). */
function atoi(s: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?\d+)/.exec(s);
  return m ? Number(m[1]) : 0;
}

/**
 * Redis's genericGetKeys for LMPOP/BLMPOP (COMMAND GETKEYS when the key
 * spec cannot be used): the count read with atoi, no keys when it is
 * below 1 or more than the arguments left.
 */
function mpopKeys(numkeysIdx: number): (argv: string[]) => number[] {
  return (argv) => {
    const n = atoi(argv[numkeysIdx]);
    if (n < 1 || n > argv.length - numkeysIdx - 1) return [];
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push(numkeysIdx + 1 + i);
    return out;
  };
}

/** A list-group spec with the ACL category every list command has. */
function list(spec: Omit<CommandSpec, 'group' | 'acl'>): CommandSpec {
  return { ...spec, group: 'list', acl: ['list'] };
}

export const listCommands: CommandSpec[] = [
  list({
    name: 'lpush',
    arity: -3,
    flags: ['write', 'denyoom', 'fast'],
    keys: ONE_KEY,
    keyFlags: ['RW', 'insert'],
    since: '1.0.0',
    summary: 'Add elements at the head of a list, creating it if needed',
    complexity: PUSH_COMPLEXITY,
    history: [['2.4.0', 'Accepts multiple `element` arguments.']],
    args: [KEY, ELEMENTS],
    handler: (c, argv) => push(c, argv, true, false),
  }),
  list({
    name: 'rpush',
    arity: -3,
    flags: ['write', 'denyoom', 'fast'],
    keys: ONE_KEY,
    keyFlags: ['RW', 'insert'],
    since: '1.0.0',
    summary: 'Add elements at the tail of a list, creating it if needed',
    complexity: PUSH_COMPLEXITY,
    history: [['2.4.0', 'Accepts multiple `element` arguments.']],
    args: [KEY, ELEMENTS],
    handler: (c, argv) => push(c, argv, false, false),
  }),
  list({
    name: 'lpushx',
    arity: -3,
    flags: ['write', 'denyoom', 'fast'],
    keys: ONE_KEY,
    keyFlags: ['RW', 'insert'],
    since: '2.2.0',
    summary: 'Add elements at the head of a list that already exists',
    complexity: PUSH_COMPLEXITY,
    history: [['4.0.0', 'Accepts multiple `element` arguments.']],
    args: [KEY, ELEMENTS],
    handler: (c, argv) => push(c, argv, true, true),
  }),
  list({
    name: 'rpushx',
    arity: -3,
    flags: ['write', 'denyoom', 'fast'],
    keys: ONE_KEY,
    keyFlags: ['RW', 'insert'],
    since: '2.2.0',
    summary: 'Add elements at the tail of a list that already exists',
    complexity: PUSH_COMPLEXITY,
    history: [['4.0.0', 'Accepts multiple `element` arguments.']],
    args: [KEY, ELEMENTS],
    handler: (c, argv) => push(c, argv, false, true),
  }),
  list({
    name: 'lpop',
    arity: -2,
    flags: ['write', 'fast'],
    keys: ONE_KEY,
    keyFlags: ['RW', 'access', 'delete'],
    since: '1.0.0',
    summary: 'Remove and return elements from the head of a list',
    complexity: 'O(N) where N is the number of elements returned',
    history: [['6.2.0', 'Added the `count` argument.']],
    args: [KEY, { name: 'count', type: 'integer', since: '6.2.0', optional: true }],
    handler: (c, argv) => pop(c, argv, true),
  }),
  list({
    name: 'rpop',
    arity: -2,
    flags: ['write', 'fast'],
    keys: ONE_KEY,
    keyFlags: ['RW', 'access', 'delete'],
    since: '1.0.0',
    summary: 'Remove and return elements from the tail of a list',
    complexity: 'O(N) where N is the number of elements returned',
    history: [['6.2.0', 'Added the `count` argument.']],
    args: [KEY, { name: 'count', type: 'integer', since: '6.2.0', optional: true }],
    handler: (c, argv) => pop(c, argv, false),
  }),
  list({
    name: 'llen',
    arity: 2,
    flags: ['readonly', 'fast'],
    keys: ONE_KEY,
    keyFlags: ['RO'],
    since: '1.0.0',
    summary: 'Count the elements of a list',
    complexity: 'O(1)',
    args: [KEY],
    handler: llen,
  }),
  list({
    name: 'lrange',
    arity: 4,
    flags: ['readonly'],
    keys: ONE_KEY,
    since: '1.0.0',
    summary: 'Return the elements of a list between two indexes',
    complexity:
      'O(S+N) where S is the distance of start offset from HEAD for small lists, from nearest end (HEAD or TAIL) for large lists; ' +
      'and N is the number of elements in the specified range.',
    args: [KEY, { name: 'start', type: 'integer' }, { name: 'stop', type: 'integer' }],
    handler: lrange,
  }),
  list({
    name: 'lindex',
    arity: 3,
    flags: ['readonly'],
    keys: ONE_KEY,
    since: '1.0.0',
    summary: 'Return the element of a list at an index',
    complexity:
      'O(N) where N is the number of elements to traverse to get to the element at index. This makes asking for the first or the last element of the list O(1).',
    args: [KEY, { name: 'index', type: 'integer' }],
    handler: lindex,
  }),
  list({
    name: 'lset',
    arity: 4,
    flags: ['write', 'denyoom'],
    keys: ONE_KEY,
    keyFlags: ['RW', 'update'],
    since: '1.0.0',
    summary: 'Replace the element of a list at an index',
    complexity: 'O(N) where N is the length of the list. Setting either the first or the last element of the list is O(1).',
    args: [KEY, { name: 'index', type: 'integer' }, { name: 'element', type: 'string' }],
    handler: lset,
  }),
  list({
    name: 'linsert',
    arity: 5,
    flags: ['write', 'denyoom'],
    keys: ONE_KEY,
    keyFlags: ['RW', 'insert'],
    since: '2.2.0',
    summary: 'Insert an element next to the first occurrence of a pivot element',
    complexity:
      'O(N) where N is the number of elements to traverse before seeing the value pivot. ' +
      'This means that inserting somewhere on the left end on the list (head) can be considered O(1) and inserting somewhere on the right end (tail) is O(N).',
    args: [
      KEY,
      {
        name: 'where',
        type: 'oneof',
        arguments: [
          { name: 'before', type: 'pure-token', token: 'BEFORE' },
          { name: 'after', type: 'pure-token', token: 'AFTER' },
        ],
      },
      { name: 'pivot', type: 'string' },
      { name: 'element', type: 'string' },
    ],
    handler: linsert,
  }),
  list({
    name: 'lrem',
    arity: 4,
    flags: ['write'],
    keys: ONE_KEY,
    keyFlags: ['RW', 'delete'],
    since: '1.0.0',
    summary: 'Remove occurrences of an element from a list',
    complexity: 'O(N+M) where N is the length of the list and M is the number of elements removed.',
    args: [KEY, { name: 'count', type: 'integer' }, { name: 'element', type: 'string' }],
    handler: lrem,
  }),
  list({
    name: 'ltrim',
    arity: 4,
    flags: ['write'],
    keys: ONE_KEY,
    keyFlags: ['RW', 'delete'],
    since: '1.0.0',
    summary: 'Keep only the elements of a list between two indexes',
    complexity: 'O(N) where N is the number of elements to be removed by the operation.',
    args: [KEY, { name: 'start', type: 'integer' }, { name: 'stop', type: 'integer' }],
    handler: ltrim,
  }),
  list({
    name: 'lpos',
    arity: -3,
    flags: ['readonly'],
    keys: ONE_KEY,
    since: '6.0.6',
    summary: 'Find the indexes of the elements of a list equal to a value',
    complexity:
      'O(N) where N is the number of elements in the list, for the average case. ' +
      'When searching for elements near the head or the tail of the list, or when the MAXLEN option is provided, the command may run in constant time.',
    args: [
      KEY,
      { name: 'element', type: 'string' },
      { name: 'rank', type: 'integer', token: 'RANK', optional: true },
      { name: 'num-matches', type: 'integer', token: 'COUNT', optional: true },
      { name: 'len', type: 'integer', token: 'MAXLEN', optional: true },
    ],
    handler: lpos,
  }),
  list({
    name: 'lmove',
    arity: 5,
    flags: ['write', 'denyoom'],
    keys: TWO_KEYS,
    keySpecs: MOVE_SPECS,
    since: '6.2.0',
    summary: 'Move an element from one end of a list to an end of another list, and return it',
    complexity: 'O(1)',
    args: [...MOVE_KEYS, SIDE('wherefrom'), SIDE('whereto')],
    handler: lmove,
  }),
  list({
    name: 'rpoplpush',
    arity: 3,
    flags: ['write', 'denyoom'],
    keys: TWO_KEYS,
    keySpecs: MOVE_SPECS,
    since: '1.2.0',
    summary: 'Move the last element of a list to the head of another list, and return it',
    complexity: 'O(1)',
    docFlags: ['deprecated'],
    deprecatedSince: '6.2.0',
    replacedBy: '`LMOVE` with the `RIGHT` and `LEFT` arguments',
    args: MOVE_KEYS,
    handler: (c, argv) => lmoveGeneric(c, argv, false, true),
  }),
  list({
    name: 'lmpop',
    arity: -4,
    flags: ['write'],
    keySpecs: mpopSpecs(1),
    getKeys: mpopKeys(1),
    since: '7.0.0',
    summary: 'Remove and return elements from the first non-empty list among several keys',
    complexity: MPOP_COMPLEXITY,
    args: MPOP_ARGS,
    handler: (c, argv) => lmpop(c, argv, 1, false),
  }),
  list({
    name: 'blpop',
    arity: -3,
    flags: ['write', 'noscript', 'blocking'],
    keys: { first: 1, last: -2, step: 1 },
    keyFlags: ['RW', 'access', 'delete'],
    since: '2.0.0',
    summary: 'Remove and return the first element of the first non-empty list, waiting for one if all are empty',
    complexity: 'O(N) where N is the number of provided keys.',
    history: TIMEOUT_HISTORY,
    args: [KEYS, TIMEOUT],
    handler: (c, argv) => blockingPop(c, argv, argv.slice(1, -1), true, argv.length - 1, -1),
  }),
  list({
    name: 'brpop',
    arity: -3,
    flags: ['write', 'noscript', 'blocking'],
    keys: { first: 1, last: -2, step: 1 },
    keyFlags: ['RW', 'access', 'delete'],
    since: '2.0.0',
    summary: 'Remove and return the last element of the first non-empty list, waiting for one if all are empty',
    complexity: 'O(N) where N is the number of provided keys.',
    history: TIMEOUT_HISTORY,
    args: [KEYS, TIMEOUT],
    handler: (c, argv) => blockingPop(c, argv, argv.slice(1, -1), false, argv.length - 1, -1),
  }),
  list({
    name: 'blmove',
    arity: 6,
    flags: ['write', 'denyoom', 'noscript', 'blocking'],
    keys: TWO_KEYS,
    keySpecs: MOVE_SPECS,
    since: '6.2.0',
    summary: 'Move an element between lists like LMOVE, waiting for the source to have one',
    complexity: 'O(1)',
    args: [...MOVE_KEYS, SIDE('wherefrom'), SIDE('whereto'), TIMEOUT],
    handler: blmove,
  }),
  list({
    name: 'brpoplpush',
    arity: 4,
    flags: ['write', 'denyoom', 'noscript', 'blocking'],
    keys: TWO_KEYS,
    keySpecs: MOVE_SPECS,
    since: '2.2.0',
    summary: 'Move the last element of a list to the head of another list, waiting for one if the source is empty',
    complexity: 'O(1)',
    docFlags: ['deprecated'],
    deprecatedSince: '6.2.0',
    replacedBy: '`BLMOVE` with the `RIGHT` and `LEFT` arguments',
    history: TIMEOUT_HISTORY,
    args: [...MOVE_KEYS, TIMEOUT],
    handler: (c, argv) => blmoveGeneric(c, argv, false, true, 3, true),
  }),
  list({
    name: 'blmpop',
    arity: -5,
    flags: ['write', 'blocking'],
    keySpecs: mpopSpecs(2),
    getKeys: mpopKeys(2),
    since: '7.0.0',
    summary: 'Remove and return elements from the first non-empty list among several keys, waiting if all are empty',
    complexity: MPOP_COMPLEXITY,
    args: [TIMEOUT, ...MPOP_ARGS],
    handler: (c, argv) => lmpop(c, argv, 2, true),
  }),
];
