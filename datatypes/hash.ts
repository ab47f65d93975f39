/**
 * The hash type (Redis's t_hash.c data structure), in Redis 7.0's two
 * encodings:
 *
 *  - "listpack": a flat array `[field0, value0, field1, value1, ...]` in
 *    insertion order, searched linearly. Like Redis's listpack it costs no
 *    index at all: one array slot per string. Lookups are O(N), but N is
 *    bounded by `hash-max-listpack-entries` (128 by default).
 *  - "hashtable": a `Keyspace<string>` from field to value (O(1) lookup,
 *    O(1) random slot, a SCAN cursor that never misses a stable field).
 *
 * A hash starts as a listpack and is converted, once and for good, when it
 * gets more than `hash-max-listpack-entries` fields or when a field or value
 * longer than `hash-max-listpack-value` bytes is written. Redis never
 * converts back, even when the hash shrinks; neither does this class.
 *
 * The thresholds are read by the commands at the moment of each write and
 * passed in as `HashLimits`, so CONFIG SET takes effect at the next write.
 *
 * Positions: to walk or sample a hash without allocating pairs, a
 * "position" names one entry: the pair index in a listpack, the slot in a
 * hashtable. `randomPos`, `forEachPos`, `fieldAt`/`valueAt` use them.
 */
import type { CollectionValue } from './values.js';
import { isCanonicalInt64 } from './values.js';
import { Keyspace } from './keyspace.js';

/** The conversion thresholds, read from the config at the time of a write. */
export interface HashLimits {
  /** hash-max-listpack-entries */
  maxEntries: number;
  /** hash-max-listpack-value */
  maxValue: number;
}

/** Redis's DICT_HT_INITIAL_SIZE: the smallest table a dict allocates. */
const DICT_MIN_SLOTS = 4;

export class HashValue implements CollectionValue {
  readonly type = 'hash' as const;
  /** Listpack form: fields at even indexes, their values right after; null once converted. */
  private lp: string[] | null = [];
  /** Hashtable form: field → value. */
  private ht: Keyspace<string> | null = null;
  /**
   * Bookkeeping for MEMORY USAGE of the hashtable form: the bucket count a
   * Redis dict would have, and the allocator bytes of every field and value
   * sds, kept up to date on each change so the estimate is O(1).
   */
  private htSlots = 0;
  private htSdsBytes = 0;

  /** An empty hash (listpack encoded). */
  static create(): HashValue {
    return new HashValue();
  }

  get size(): number {
    return this.lp !== null ? this.lp.length >>> 1 : (this.ht as Keyspace<string>).size;
  }

  get isListpack(): boolean {
    return this.lp !== null;
  }

  encoding(): string {
    return this.lp !== null ? 'listpack' : 'hashtable';
  }

  /** Index of `field` in the listpack array (even), or -1. */
  private lpIndex(lp: string[], field: string): number {
    for (let i = 0; i < lp.length; i += 2) {
      if (lp[i] === field) return i;
    }
    return -1;
  }

  get(field: string): string | undefined {
    const lp = this.lp;
    if (lp !== null) {
      const i = this.lpIndex(lp, field);
      return i < 0 ? undefined : lp[i + 1];
    }
    const ht = this.ht as Keyspace<string>;
    const slot = ht.slotOf(field);
    return slot < 0 ? undefined : ht.valueOf(slot);
  }

  has(field: string): boolean {
    return this.lp !== null ? this.lpIndex(this.lp, field) >= 0 : (this.ht as Keyspace<string>).slotOf(field) >= 0;
  }

  /**
   * Redis's hashTypeTryConversion: before a write of args[from..to], a
   * listpack becomes a hashtable if any of those strings is longer than
   * `maxValue`, so no long string ever enters the listpack.
   */
  convertIfAnyLonger(args: readonly string[], from: number, to: number, maxValue: number): void {
    if (this.lp === null) return;
    for (let i = from; i <= to; i++) {
      if (args[i].length > maxValue) {
        this.convert();
        return;
      }
    }
  }

  /**
   * Redis's hashTypeSet: insert or overwrite; true when the field is new.
   * A listpack converts first when the field or value is too long (the
   * HINCRBY* path, which has no earlier check), and after any write that
   * leaves it with more than `maxEntries` fields.
   */
  set(field: string, value: string, limits: HashLimits): boolean {
    let lp = this.lp;
    if (lp !== null && (field.length > limits.maxValue || value.length > limits.maxValue)) {
      this.convert();
      lp = null;
    }
    if (lp !== null) {
      const i = this.lpIndex(lp, field);
      if (i >= 0) lp[i + 1] = value;
      else lp.push(field, value);
      // Checked after an update too: the limit may have been lowered by CONFIG SET since.
      if (lp.length >>> 1 > limits.maxEntries) this.convert();
      return i < 0;
    }
    const ht = this.ht as Keyspace<string>;
    const slot = ht.slotOf(field);
    if (slot >= 0) {
      this.htSdsBytes += sdsAllocSize(value.length) - sdsAllocSize(ht.valueOf(slot).length);
      ht.setValueAt(slot, value);
      return false;
    }
    // A Redis dict doubles when an insert finds it full.
    if (ht.size >= this.htSlots) this.htSlots = nextPow2(ht.size + 1);
    ht.set(field, value, 0);
    this.htSdsBytes += sdsAllocSize(field.length) + sdsAllocSize(value.length);
    return true;
  }

  /** Remove a field; true when it was there. The caller deletes the key when the hash is left empty. */
  delete(field: string): boolean {
    const lp = this.lp;
    if (lp !== null) {
      const i = this.lpIndex(lp, field);
      if (i < 0) return false;
      // O(N) like a listpack delete (a memmove there, a splice here).
      lp.splice(i, 2);
      return true;
    }
    const ht = this.ht as Keyspace<string>;
    const slot = ht.slotOf(field);
    if (slot < 0) return false;
    this.htSdsBytes -= sdsAllocSize(field.length) + sdsAllocSize(ht.valueOf(slot).length);
    ht.deleteSlot(slot);
    // Redis shrinks a hash's dict below 10% fill (htNeedsResize after a delete).
    const n = ht.size;
    if (this.htSlots > DICT_MIN_SLOTS && (n * 100) / this.htSlots < 10) this.htSlots = nextPow2(Math.max(n, DICT_MIN_SLOTS));
    return true;
  }

  /** Listpack → hashtable (Redis's hashTypeConvertListpack); never the other way. */
  private convert(): void {
    const lp = this.lp;
    if (lp === null) return;
    const ht = new Keyspace<string>();
    let bytes = 0;
    for (let i = 0; i < lp.length; i += 2) {
      ht.set(lp[i], lp[i + 1], 0);
      bytes += sdsAllocSize(lp[i].length) + sdsAllocSize(lp[i + 1].length);
    }
    this.ht = ht;
    this.lp = null;
    this.htSlots = nextPow2(Math.max(ht.size, DICT_MIN_SLOTS));
    this.htSdsBytes = bytes;
  }

  // --- positions ------------------------------------------------------------

  /** Every position, in walk order (insertion order for a listpack). */
  forEachPos(visit: (pos: number) => void): void {
    const lp = this.lp;
    if (lp !== null) {
      const n = lp.length >>> 1;
      for (let i = 0; i < n; i++) visit(i);
      return;
    }
    (this.ht as Keyspace<string>).forEachSlot(visit);
  }

  fieldAt(pos: number): string {
    return this.lp !== null ? this.lp[pos * 2] : (this.ht as Keyspace<string>).keyOf(pos);
  }

  valueAt(pos: number): string {
    return this.lp !== null ? this.lp[pos * 2 + 1] : (this.ht as Keyspace<string>).valueOf(pos);
  }

  /** A uniformly random position in O(1) (expected for a hashtable), -1 when empty. */
  randomPos(random: () => number = Math.random): number {
    const lp = this.lp;
    if (lp !== null) return lp.length === 0 ? -1 : Math.floor(random() * (lp.length >>> 1));
    return (this.ht as Keyspace<string>).randomSlot(random);
  }

  /** Every field and value, in walk order. */
  forEach(visit: (field: string, value: string) => void): void {
    const lp = this.lp;
    if (lp !== null) {
      for (let i = 0; i < lp.length; i += 2) visit(lp[i], lp[i + 1]);
      return;
    }
    const ht = this.ht as Keyspace<string>;
    ht.forEachSlot((slot) => visit(ht.keyOf(slot), ht.valueOf(slot)));
  }

  /**
   * One HSCAN step of a hashtable: visit up to `count` entries from
   * `cursor`, return the next cursor (0 when done). Listpacks are returned
   * whole by the command, as Redis does, and never come here.
   */
  scan(cursor: number, count: number, visit: (field: string, value: string) => void): number {
    const ht = this.ht;
    if (ht === null) {
      this.forEach(visit);
      return 0;
    }
    return ht.scan(cursor, count, (slot) => visit(ht.keyOf(slot), ht.valueOf(slot)));
  }

  // --- CollectionValue ------------------------------------------------------

  clone(): HashValue {
    const copy = new HashValue();
    if (this.lp !== null) {
      copy.lp = this.lp.slice();
      return copy;
    }
    // Same encoding as the source, as Redis's dupHashObject.
    const ht = this.ht as Keyspace<string>;
    const to = new Keyspace<string>();
    ht.forEachSlot((slot) => {
      to.set(ht.keyOf(slot), ht.valueOf(slot), 0);
    });
    copy.lp = null;
    copy.ht = to;
    copy.htSlots = nextPow2(Math.max(to.size, DICT_MIN_SLOTS));
    copy.htSdsBytes = this.htSdsBytes;
    return copy;
  }

  /**
   * What Redis 7.0's MEMORY USAGE reports for the value (objectComputeSize):
   * the object header plus the listpack's allocation, or the dict header,
   * its bucket array and per entry a dictEntry and two sds strings.
   */
  memoryUsage(): number {
    const ROBJ = 16;
    const lp = this.lp;
    if (lp !== null) {
      let bytes = 6 + 1; // listpack header and end byte
      for (let i = 0; i < lp.length; i++) bytes += listpackEntrySize(lp[i]);
      return ROBJ + mallocSize(bytes);
    }
    const DICT = 56;
    const DICT_ENTRY = 24;
    const n = (this.ht as Keyspace<string>).size;
    return ROBJ + DICT + 8 * this.htSlots + n * DICT_ENTRY + this.htSdsBytes;
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

/**
 * Bytes one string takes in a listpack: the encoding (an integer form when
 * the string is a canonical int64, else a length prefix and the bytes),
 * then the back-length that lets the listpack be walked backwards.
 */
function listpackEntrySize(s: string): number {
  let enc: number;
  if (isCanonicalInt64(s)) {
    const v = s.length <= 15 ? Number(s) : BigInt(s);
    if (v >= 0 && v <= 127) enc = 1;
    else if (v >= -4096 && v <= 4095) enc = 2;
    else if (v >= -32768 && v <= 32767) enc = 3;
    else if (v >= -8388608 && v <= 8388607) enc = 4;
    else if (v >= -2147483648 && v <= 2147483647) enc = 5;
    else enc = 9;
  } else {
    const n = s.length;
    enc = n < 64 ? 1 + n : n < 4096 ? 2 + n : 5 + n;
  }
  const back = enc <= 127 ? 1 : enc < 16383 ? 2 : enc < 2097151 ? 3 : enc < 268435455 ? 4 : 5;
  return enc + back;
}
