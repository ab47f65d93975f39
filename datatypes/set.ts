/**
 * The set type (Redis's t_set.c data structure and intset.c), in Redis
 * 7.0's two encodings:
 *
 *  - "intset": the members, all integers, in a sorted typed array searched
 *    by bisection. As Redis's intset, the array starts with the narrowest
 *    element type that holds every member and is widened when a wider
 *    member arrives: 16-bit, 32-bit, then 64-bit. Plain JS numbers are
 *    exact only up to 2^53, so the 64-bit stage has two steps: a
 *    Float64Array while every member is a safe integer, a BigInt64Array
 *    once one is not (both take 8 bytes a member, as Redis's int64 form).
 *    Iteration order is ascending numeric order, which SMEMBERS, SSCAN and
 *    the set operations show.
 *  - "hashtable": a `Keyspace<string>` with the members as keys and empty
 *    values (O(1) lookup, O(1) random slot, a SCAN cursor that never misses
 *    a member present for the whole iteration). Iteration order is slot
 *    order, which stands in for Redis's hash order.
 *
 * A set is created as an intset when its first member is an integer (the
 * canonical decimal of an int64, as string2ll reads it) and converted, for
 * good, when a non-integer member is added or when it grows past
 * `set-max-intset-entries` (capped at 2^30, as Redis does). The threshold
 * is read by the commands at each write and passed in.
 *
 * Sets built by commands (SINTERSTORE, SUNION, SPOP's survivors...) start
 * as an empty intset and follow the same rules, so their encoding is the
 * one Redis gives them.
 */
import type { CollectionValue } from './values.js';
import { Keyspace } from './keyspace.js';
import { parseInt64, parseSafeInt } from './numbers.js';

/** Redis limits an intset to 2^30 entries whatever set-max-intset-entries says. */
export const INTSET_MAX_LIMIT = 2 ** 30;

/** Number-valued element arrays; a BigInt64Array holds members beyond 2^53. */
type NumArray = Int16Array | Int32Array | Float64Array;
type IntArray = NumArray | BigInt64Array;

/** Element types, narrowest first; the width only ever grows. */
const W16 = 0;
const W32 = 1;
const W53 = 2;
const W64 = 3;
const BYTES = [2, 4, 8, 8];

/** Redis's DICT_HT_INITIAL_SIZE. */
const DICT_MIN_SLOTS = 4;

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** The narrowest element type holding `v` (by value: a small bigint is narrow too). */
function widthOf(v: number | bigint): number {
  if (typeof v === 'bigint') {
    if (v > MAX_SAFE || v < -MAX_SAFE) return W64;
    v = Number(v);
  }
  if (v >= -32768 && v <= 32767) return W16;
  if (v >= -2147483648 && v <= 2147483647) return W32;
  return W53;
}

function allocInts(width: number, capacity: number): IntArray {
  switch (width) {
    case W16:
      return new Int16Array(capacity);
    case W32:
      return new Int32Array(capacity);
    case W53:
      return new Float64Array(capacity);
    default:
      return new BigInt64Array(capacity);
  }
}

/**
 * The integer a member stands for, when it is one (Redis's
 * isSdsRepresentableAsLongLong, i.e. string2ll): a number when it is a safe
 * integer, a bigint beyond that, null when the member is not an integer.
 */
export function memberInt(s: string): number | bigint | null {
  const n = parseSafeInt(s);
  if (n !== null) return n;
  // Anything past 2^53 has at least 16 digits; shorter strings are not integers.
  if (s.length < 16) return null;
  return parseInt64(s);
}

export class SetValue implements CollectionValue {
  readonly type = 'set' as const;
  /** Intset form: sorted members in `ints[0..len)`; null once converted. */
  private ints: IntArray | null;
  private width = W16;
  private len = 0;
  /** Hashtable form: member → ''. */
  private dict: Keyspace<string> | null = null;
  /**
   * Bookkeeping for MEMORY USAGE of the hashtable form: the bucket count a
   * Redis dict would have and the allocator bytes of the member sds strings,
   * kept current on every change so the estimate is O(1).
   */
  private dictSlots = 0;
  private sdsBytes = 0;

  private constructor(intset: boolean) {
    if (intset) {
      this.ints = new Int16Array(4);
    } else {
      this.ints = null;
      this.dict = new Keyspace<string>();
      this.dictSlots = DICT_MIN_SLOTS;
    }
  }

  /** An empty intset (Redis's createIntsetObject): where set operations build their results. */
  static createIntset(): SetValue {
    return new SetValue(true);
  }

  /** An empty hashtable-encoded set. */
  static createHashtable(): SetValue {
    return new SetValue(false);
  }

  /** Redis's setTypeCreate: a set that can hold `member` in the most compact form. */
  static createFor(member: string): SetValue {
    return new SetValue(memberInt(member) !== null);
  }

  get size(): number {
    return this.ints !== null ? this.len : (this.dict as Keyspace<string>).size;
  }

  get isIntset(): boolean {
    return this.ints !== null;
  }

  encoding(): string {
    return this.ints !== null ? 'intset' : 'hashtable';
  }

  // --- membership ----------------------------------------------------------

  /** Add a member; false when it was already there. Converts as Redis's setTypeAdd. */
  add(member: string, maxIntsetEntries: number): boolean {
    if (this.ints === null) return this.dictAdd(member);
    const v = memberInt(member);
    if (v === null) {
      this.convert();
      return this.dictAdd(member);
    }
    return this.addIntToIntset(v, maxIntsetEntries);
  }

  /**
   * Add a member known to be an integer (taken from another intset):
   * skips parsing, and building its string while this set is an intset.
   */
  addInt(v: number | bigint, maxIntsetEntries: number): boolean {
    if (this.ints === null) return this.dictAdd(String(v));
    return this.addIntToIntset(v, maxIntsetEntries);
  }

  private addIntToIntset(v: number | bigint, maxIntsetEntries: number): boolean {
    if (!this.insertInt(v)) return false;
    if (this.len > Math.min(maxIntsetEntries, INTSET_MAX_LIMIT)) this.convert();
    return true;
  }

  remove(member: string): boolean {
    if (this.ints === null) return this.dictRemove(member);
    const v = memberInt(member);
    if (v === null) return false;
    const i = this.indexOfInt(v);
    if (i < 0) return false;
    this.removeAt(i);
    return true;
  }

  has(member: string): boolean {
    if (this.ints === null) return (this.dict as Keyspace<string>).slotOf(member) >= 0;
    const v = memberInt(member);
    return v !== null && this.indexOfInt(v) >= 0;
  }

  /** Membership of an integer member (no string is built while this is an intset). */
  hasInt(v: number | bigint): boolean {
    if (this.ints === null) return (this.dict as Keyspace<string>).slotOf(String(v)) >= 0;
    return this.indexOfInt(v) >= 0;
  }

  // --- random members ----------------------------------------------------------

  /** A random member, O(1) (Redis's setTypeRandomElement). The set must not be empty. */
  randomMember(random: () => number = Math.random): string {
    const ints = this.ints;
    if (ints !== null) return String(ints[Math.floor(random() * this.len)]);
    const d = this.dict as Keyspace<string>;
    return d.keyOf(d.randomSlot(random));
  }

  /** Remove and return a random member (SPOP). The set must not be empty. */
  popRandom(random: () => number = Math.random): string {
    const ints = this.ints;
    if (ints !== null) {
      const i = Math.floor(random() * this.len);
      const member = String(ints[i]);
      this.removeAt(i);
      return member;
    }
    const d = this.dict as Keyspace<string>;
    const slot = d.randomSlot(random);
    const member = d.keyOf(slot);
    d.deleteSlot(slot);
    this.dictRemoved(member);
    return member;
  }

  // --- iteration ---------------------------------------------------------------

  /**
   * Members in iteration order: ascending for an intset, slot order for a
   * hashtable. The walk stops early when `visit` returns true. The set must
   * not change during the walk.
   */
  forEach(visit: (member: string) => boolean | void): void {
    const ints = this.ints;
    if (ints !== null) {
      for (let i = 0; i < this.len; i++) if (visit(String(ints[i])) === true) return;
      return;
    }
    const d = this.dict as Keyspace<string>;
    let stop = false;
    const step = (slot: number): void => {
      if (!stop) stop = visit(d.keyOf(slot)) === true;
    };
    // Slot order in chunks, so that an early stop does not walk the rest.
    let cursor = 0;
    do cursor = d.scan(cursor, 256, step);
    while (cursor !== 0 && !stop);
  }

  /** Every member, in iteration order. */
  members(): string[] {
    const out = new Array<string>(this.size);
    let n = 0;
    this.forEach((m) => {
      out[n++] = m;
    });
    return out;
  }

  /**
   * The i-th integer of an intset (0 <= i < size); only for intsets. A
   * number when it is a safe integer (even from a 64-bit array), so that
   * callers can compare and convert it cheaply.
   */
  intAt(i: number): number | bigint {
    const x = (this.ints as IntArray)[i];
    return typeof x === 'bigint' && x <= MAX_SAFE && x >= -MAX_SAFE ? Number(x) : x;
  }

  /**
   * One SSCAN step. A hashtable is walked from `cursor` for about `count`
   * members and the next cursor returned (0 at the end); an intset is
   * returned whole with cursor 0, whatever the cursor, as Redis does.
   */
  scan(cursor: number, count: number, visit: (member: string) => void): number {
    if (this.ints !== null) {
      this.forEach(visit);
      return 0;
    }
    const d = this.dict as Keyspace<string>;
    return d.scan(cursor, count, (slot) => visit(d.keyOf(slot)));
  }

  // --- copies and accounting -----------------------------------------------------

  /** An independent copy with the same encoding (COPY; Redis's setTypeDup). */
  clone(): SetValue {
    if (this.ints !== null) {
      const copy = new SetValue(true);
      copy.ints = this.ints.slice(0, Math.max(this.len, 4));
      copy.width = this.width;
      copy.len = this.len;
      return copy;
    }
    const copy = new SetValue(false);
    const from = this.dict as Keyspace<string>;
    const to = copy.dict as Keyspace<string>;
    from.forEachSlot((slot) => {
      to.set(from.keyOf(slot), '', 0);
    });
    copy.dictSlots = nextPow2(Math.max(to.size, DICT_MIN_SLOTS));
    copy.sdsBytes = this.sdsBytes;
    return copy;
  }

  /**
   * What Redis 7.0's MEMORY USAGE reports for the value (objectComputeSize):
   * the object header plus the intset's allocation (8-byte header, then
   * every member at the current width), or the dict header, its bucket
   * array and per member a dictEntry and an sds string.
   */
  memoryUsage(): number {
    const ROBJ = 16;
    if (this.ints !== null) return ROBJ + mallocSize(8 + this.len * BYTES[this.width]);
    const DICT = 56;
    const DICT_ENTRY = 24;
    return ROBJ + DICT + 8 * this.dictSlots + this.size * DICT_ENTRY + this.sdsBytes;
  }

  // --- intset internals -----------------------------------------------------------

  /** Position of `v` in the intset, or -(insertion point) - 1. */
  private search(v: number | bigint): number {
    const a = this.ints as IntArray;
    let lo = 0;
    let hi = this.len - 1;
    // A bigint compares with a number exactly, so a BigInt64Array can be
    // searched for a number key (and a number array for a bigint) as is.
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const x = a[mid];
      if (x < v) lo = mid + 1;
      else if (x > v) hi = mid - 1;
      else return mid;
    }
    return -lo - 1;
  }

  private indexOfInt(v: number | bigint): number {
    // Wider than every member: cannot be one (intsetFind's first test).
    if (widthOf(v) > this.width) return -1;
    return this.search(v);
  }

  /** Insert into the sorted array; false when already present. */
  private insertInt(v: number | bigint): boolean {
    const w = widthOf(v);
    if (w > this.width) this.widen(w);
    const pos = this.search(v);
    if (pos >= 0) return false;
    const at = -pos - 1;
    let a = this.ints as IntArray;
    if (this.len === a.length) {
      const next = allocInts(this.width, a.length * 2);
      // Same element type, so set() copies without conversion.
      (next as NumArray).set(a as NumArray);
      a = this.ints = next;
    }
    a.copyWithin(at + 1, at, this.len);
    if (this.width === W64) (a as BigInt64Array)[at] = BigInt(v);
    else (a as NumArray)[at] = Number(v);
    this.len++;
    return true;
  }

  /** Re-type the array so it can hold width `w` (intsetUpgradeAndAdd). */
  private widen(w: number): void {
    const from = this.ints as IntArray;
    const to = allocInts(w, Math.max(4, this.len + 1));
    if (w === W64) {
      for (let i = 0; i < this.len; i++) (to as BigInt64Array)[i] = BigInt(from[i]);
    } else {
      (to as NumArray).set((from as NumArray).subarray(0, this.len));
    }
    this.ints = to;
    this.width = w;
  }

  private removeAt(i: number): void {
    let a = this.ints as IntArray;
    a.copyWithin(i, i + 1, this.len);
    this.len--;
    // Give memory back after mass removals, as intsetRemove's realloc does.
    if (a.length > 16 && this.len * 4 < a.length) {
      const next = allocInts(this.width, a.length >>> 1);
      (next as NumArray).set((a as NumArray).subarray(0, this.len));
      a = this.ints = next;
    }
  }

  /** intset → hashtable, once and for good (setTypeConvert). */
  private convert(): void {
    const a = this.ints as IntArray;
    const d = new Keyspace<string>();
    let bytes = 0;
    for (let i = 0; i < this.len; i++) {
      const m = String(a[i]);
      d.set(m, '', 0);
      bytes += sdsAllocSize(m.length);
    }
    // Redis presizes the dict for the members it already has.
    this.dictSlots = nextPow2(Math.max(this.len, DICT_MIN_SLOTS));
    this.sdsBytes = bytes;
    this.dict = d;
    this.ints = null;
    this.len = 0;
  }

  // --- hashtable internals ----------------------------------------------------------

  private dictAdd(member: string): boolean {
    const d = this.dict as Keyspace<string>;
    if (d.slotOf(member) >= 0) return false;
    d.set(member, '', 0);
    this.sdsBytes += sdsAllocSize(member.length);
    // A Redis dict doubles when it is full.
    if (d.size > this.dictSlots) this.dictSlots = nextPow2(d.size);
    return true;
  }

  private dictRemove(member: string): boolean {
    const d = this.dict as Keyspace<string>;
    if (!d.delete(member)) return false;
    this.dictRemoved(member);
    return true;
  }

  private dictRemoved(member: string): void {
    this.sdsBytes -= sdsAllocSize(member.length);
    // ...and shrinks when less than 10% full (htNeedsResize + dictResize).
    const n = (this.dict as Keyspace<string>).size;
    if (this.dictSlots > DICT_MIN_SLOTS && n * 10 < this.dictSlots) this.dictSlots = nextPow2(Math.max(n, DICT_MIN_SLOTS));
  }
}

/** Smallest power of two >= n. */
function nextPow2(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

/** The jemalloc size class of an n-byte allocation (4 classes per doubling above 128). */
function mallocSize(n: number): number {
  if (n <= 8) return 8;
  if (n <= 128) return (n + 15) & ~15;
  const step = 2 ** (Math.ceil(Math.log2(n)) - 3);
  return Math.ceil(n / step) * step;
}

/** Allocation of an sds string of `len` bytes as sdsnewlen makes it (header, bytes, NUL). */
function sdsAllocSize(len: number): number {
  const header = len === 0 ? 3 : len < 32 ? 1 : len < 256 ? 3 : len < 65536 ? 5 : 9;
  return mallocSize(header + len + 1);
}
