/**
 * The sorted-set type (Redis's t_zset.c data structure), in Redis 7.0's two
 * encodings:
 *
 *  - "listpack": two parallel arrays, members and scores, kept sorted by
 *    (score, member). Like Redis's listpack it has no index at all: a
 *    member is found by a linear scan, an insertion shifts the tail. That is
 *    O(N), but N is bounded by `zset-max-listpack-entries` (128 by default),
 *    and two flat arrays (the scores unboxed doubles) are about as compact
 *    as JavaScript allows.
 *  - "skiplist": a `SkipList` (datatypes/skiplist.ts) ordered by
 *    (score, member) for ranges and ranks in O(log N), plus a dict from
 *    member to its skiplist node (a `Keyspace<SkipNode>`: O(1) ZSCORE, O(1)
 *    random member, a ZSCAN cursor that never misses a stable member). The
 *    node carries the score, so the dict and the list cannot disagree.
 *
 * A sorted set becomes a skiplist, for good, when an insertion would take it
 * past `zset-max-listpack-entries` members or brings a member longer than
 * `zset-max-listpack-value` bytes. Redis never converts back on removal;
 * only results built by ZUNIONSTORE/ZINTERSTORE/ZDIFFSTORE are built as a
 * skiplist and then turned into a listpack if they fit. The thresholds are
 * read by the commands at each write and passed in.
 *
 * One listpack quirk is reproduced on purpose: Redis stores a score that is
 * an integer (double2ll) as an integer entry, so a -0 score reads back as 0
 * from a listpack but stays -0 in a skiplist.
 */
import type { CollectionValue } from './values.js';
import { Keyspace } from './keyspace.js';
import { parseInt64, parseRangeDouble, formatDouble } from './numbers.js';
import {
  LEX_MINUS_INF,
  LEX_PLUS_INF,
  SkipList,
  SkipNode,
  lexGteMin,
  lexLteMax,
  lexRangeEmpty,
  scoreGteMin,
  scoreLteMax,
  type LexBound,
  type LexRange,
  type ScoreRange,
} from './skiplist.js';

export type { LexRange, ScoreRange } from './skiplist.js';

/** zsetAdd input flags (Redis's ZADD_IN_*). */
export const ZADD_INCR = 1;
export const ZADD_NX = 2;
export const ZADD_XX = 4;
export const ZADD_GT = 8;
export const ZADD_LT = 16;

/** zsetAdd result flags (Redis's ZADD_OUT_*). */
export const ZADD_OUT_NAN = 1;
export const ZADD_OUT_ADDED = 2;
export const ZADD_OUT_UPDATED = 4;
export const ZADD_OUT_NOP = 8;

/** The conversion thresholds, read from the config at the time of a write. */
export interface ZSetLimits {
  /** zset-max-listpack-entries */
  maxEntries: number;
  /** zset-max-listpack-value */
  maxValue: number;
}

/** Receives one (member, score) pair of a range. */
export type Emit = (member: string, score: number) => void;
/** Receives one (member, score) pair of a walk; returning true stops the walk. */
export type Visit = (member: string, score: number) => unknown;

/** Redis's DICT_HT_INITIAL_SIZE. */
const DICT_MIN_SLOTS = 4;

/** A listpack stores integral scores as integers: -0 comes back as 0. */
function lpScore(score: number): number {
  return score === 0 ? 0 : score;
}

// --- range arguments -------------------------------------------------------------

/** One end of a score range (zslParseRange): "(" makes it exclusive; null if invalid. */
function parseScoreBound(s: string): { v: number; ex: boolean } | null {
  const ex = s.charCodeAt(0) === 40; /* ( */
  const v = parseRangeDouble(ex ? s.slice(1) : s);
  return v === null ? null : { v, ex };
}

/** Redis's zslParseRange: null when either end is not a float. */
export function parseScoreRange(min: string, max: string): ScoreRange | null {
  const a = parseScoreBound(min);
  if (a === null) return null;
  const b = parseScoreBound(max);
  if (b === null) return null;
  return { min: a.v, max: b.v, minex: a.ex, maxex: b.ex };
}

/** One end of a lex range (zslParseLexRangeItem), as C reads it: "+"/"-" alone, or "[x"/"(x". */
function parseLexBound(s: string): { v: LexBound; ex: boolean } | null {
  const c = s.charCodeAt(0);
  // A C string ends at its first NUL: "+\0junk" is still "+".
  const alone = s.length === 1 || s.charCodeAt(1) === 0;
  if (c === 43 /* + */) return alone ? { v: LEX_PLUS_INF, ex: true } : null;
  if (c === 45 /* - */) return alone ? { v: LEX_MINUS_INF, ex: true } : null;
  if (c === 40 /* ( */) return { v: s.slice(1), ex: true };
  if (c === 91 /* [ */) return { v: s.slice(1), ex: false };
  return null;
}

/** Redis's zslParseLexRange: null when either end is not a valid item. */
export function parseLexRange(min: string, max: string): LexRange | null {
  const a = parseLexBound(min);
  if (a === null) return null;
  const b = parseLexBound(max);
  if (b === null) return null;
  return { min: a.v, max: b.v, minex: a.ex, maxex: b.ex };
}

// --- memory accounting -----------------------------------------------------------

/** The jemalloc size class of an n-byte allocation (what zmalloc_size reports). */
function mallocSize(n: number): number {
  if (n <= 8) return 8;
  if (n <= 128) return (n + 15) & ~15;
  const step = 2 ** (Math.ceil(Math.log2(n)) - 3);
  return Math.ceil(n / step) * step;
}

/** Bytes a listpack entry takes for an integer value (lpEncodeIntegerGetType). */
function lpIntEntryBytes(v: number | bigint): number {
  if (v >= 0 && v <= 127) return 1;
  if (v >= -4096 && v <= 4095) return 2;
  if (v >= -32768 && v <= 32767) return 3;
  if (v >= -8388608 && v <= 8388607) return 4;
  if (v >= -2147483648 && v <= 2147483647) return 5;
  return 9;
}

function lpStrEntryBytes(len: number): number {
  return (len < 64 ? 1 : len < 4096 ? 2 : 5) + len;
}

/** An entry plus its back-length field. */
function lpWithBacklen(l: number): number {
  return l + (l < 128 ? 1 : l < 16384 ? 2 : l < 2097152 ? 3 : l < 268435456 ? 4 : 5);
}

function lpMemberBytes(m: string): number {
  const asInt = m.length <= 20 ? parseInt64(m) : null;
  return lpWithBacklen(asInt !== null ? lpIntEntryBytes(asInt) : lpStrEntryBytes(m.length));
}

function lpScoreBytes(s: number): number {
  if (Number.isInteger(s) && Math.abs(s) <= 4611686018427387904) return lpWithBacklen(lpIntEntryBytes(s));
  return lpWithBacklen(lpStrEntryBytes(formatDouble(s).length));
}

function sdsAllocSize(len: number): number {
  const header = len === 0 ? 3 : len < 32 ? 1 : len < 256 ? 3 : len < 65536 ? 5 : 9;
  return mallocSize(header + len + 1);
}

function nextPow2(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

// --- the value ---------------------------------------------------------------------

export class ZSetValue implements CollectionValue {
  readonly type = 'zset' as const;
  /** Listpack form: members and their scores, sorted by (score, member); null once converted. */
  private lpMembers: string[] | null = null;
  private lpScores: number[] | null = null;
  /** Skiplist form. */
  private zsl: SkipList | null = null;
  private dict: Keyspace<SkipNode> | null = null;
  /** The bucket count a Redis dict would have (MEMORY USAGE of the skiplist form). */
  private dictSlots = 0;
  /** The score the last add() set or would have set (zsetAdd's *newscore). */
  newScore = 0;

  private constructor(listpack: boolean) {
    if (listpack) {
      this.lpMembers = [];
      this.lpScores = [];
    } else {
      this.zsl = new SkipList();
      this.dict = new Keyspace<SkipNode>();
      this.dictSlots = DICT_MIN_SLOTS;
    }
  }

  /** An empty listpack-encoded sorted set (createZsetListpackObject). */
  static createListpack(): ZSetValue {
    return new ZSetValue(true);
  }

  /** An empty skiplist-encoded sorted set (createZsetObject). */
  static createSkiplist(): ZSetValue {
    return new ZSetValue(false);
  }

  /**
   * A new key's sorted set, as ZADD makes it: a skiplist right away when
   * listpacks are disabled or the first member is already too long.
   */
  static createFor(firstMember: string, limits: ZSetLimits): ZSetValue {
    return new ZSetValue(limits.maxEntries !== 0 && firstMember.length <= limits.maxValue);
  }

  get length(): number {
    return this.lpMembers !== null ? this.lpMembers.length : (this.zsl as SkipList).length;
  }

  get isListpack(): boolean {
    return this.lpMembers !== null;
  }

  encoding(): string {
    return this.lpMembers !== null ? 'listpack' : 'skiplist';
  }

  // --- single members --------------------------------------------------------------

  /** The member's score, or undefined. */
  score(member: string): number | undefined {
    if (this.lpMembers !== null) {
      const i = this.lpMembers.indexOf(member);
      return i < 0 ? undefined : (this.lpScores as number[])[i];
    }
    const d = this.dict as Keyspace<SkipNode>;
    const slot = d.slotOf(member);
    return slot < 0 ? undefined : d.valueOf(slot).score;
  }

  has(member: string): boolean {
    return this.score(member) !== undefined;
  }

  /**
   * Redis's zsetAdd: add a member or update its score under the ZADD_*
   * flags; returns ZADD_OUT_* flags and leaves the resulting score in
   * `newScore` (ZADD INCR replies it). A NaN score, or an increment that
   * makes one, changes nothing and returns ZADD_OUT_NAN. May convert the
   * listpack to a skiplist before adding a new member.
   */
  add(score: number, member: string, flags: number, limits: ZSetLimits): number {
    const incr = (flags & ZADD_INCR) !== 0;
    const nx = (flags & ZADD_NX) !== 0;
    const xx = (flags & ZADD_XX) !== 0;
    const gt = (flags & ZADD_GT) !== 0;
    const lt = (flags & ZADD_LT) !== 0;
    if (Number.isNaN(score)) return ZADD_OUT_NAN;

    const members = this.lpMembers;
    if (members !== null) {
      const scores = this.lpScores as number[];
      const i = members.indexOf(member);
      if (i >= 0) {
        if (nx) return ZADD_OUT_NOP;
        const cur = scores[i];
        if (incr) {
          score += cur;
          if (Number.isNaN(score)) return ZADD_OUT_NAN;
        }
        if ((lt && score >= cur) || (gt && score <= cur)) return ZADD_OUT_NOP;
        this.newScore = score;
        if (score === cur) return 0;
        this.lpRemoveAt(i);
        this.lpInsert(score, member);
        return ZADD_OUT_UPDATED;
      }
      if (xx) return ZADD_OUT_NOP;
      // Decide *before* inserting, as Redis does.
      if (members.length + 1 <= limits.maxEntries && member.length <= limits.maxValue) {
        this.lpInsert(score, member);
        this.newScore = score;
        return ZADD_OUT_ADDED;
      }
      this.convertToSkiplist();
    }

    const d = this.dict as Keyspace<SkipNode>;
    const zsl = this.zsl as SkipList;
    const slot = d.slotOf(member);
    if (slot >= 0) {
      if (nx) return ZADD_OUT_NOP;
      const node = d.valueOf(slot);
      const cur = node.score;
      if (incr) {
        score += cur;
        if (Number.isNaN(score)) return ZADD_OUT_NAN;
      }
      if ((lt && score >= cur) || (gt && score <= cur)) return ZADD_OUT_NOP;
      this.newScore = score;
      if (score === cur) return 0;
      const moved = zsl.updateScore(cur, member, score);
      if (moved !== node) d.setValueAt(slot, moved);
      return ZADD_OUT_UPDATED;
    }
    if (xx) return ZADD_OUT_NOP;
    this.dictAdd(member, zsl.insert(score, member));
    this.newScore = score;
    return ZADD_OUT_ADDED;
  }

  /** Add a member known to be absent, keeping the encoding (results of set operations). */
  insertNew(score: number, member: string): void {
    if (this.lpMembers !== null) this.lpInsert(score, member);
    else this.dictAdd(member, (this.zsl as SkipList).insert(score, member));
  }

  /** Redis's zsetDel: true when the member was there. */
  remove(member: string): boolean {
    if (this.lpMembers !== null) {
      const i = this.lpMembers.indexOf(member);
      if (i < 0) return false;
      this.lpRemoveAt(i);
      return true;
    }
    const d = this.dict as Keyspace<SkipNode>;
    const slot = d.slotOf(member);
    if (slot < 0) return false;
    const node = d.valueOf(slot);
    d.deleteSlot(slot);
    this.dictRemoved();
    (this.zsl as SkipList).delete(node.score, member);
    return true;
  }

  /** 0-based rank, counted from the highest score when `reverse`; -1 when absent. */
  rank(member: string, reverse: boolean): number {
    const n = this.length;
    let r: number;
    if (this.lpMembers !== null) {
      r = this.lpMembers.indexOf(member);
      if (r < 0) return -1;
    } else {
      const d = this.dict as Keyspace<SkipNode>;
      const slot = d.slotOf(member);
      if (slot < 0) return -1;
      r = (this.zsl as SkipList).rankOf(d.valueOf(slot).score, member) - 1;
    }
    return reverse ? n - 1 - r : r;
  }

  // --- walks ------------------------------------------------------------------------

  /** Every member from the lowest score up, until `visit` returns true. */
  forEach(visit: Visit): void {
    if (this.lpMembers !== null) {
      const m = this.lpMembers;
      const s = this.lpScores as number[];
      for (let i = 0; i < m.length; i++) if (visit(m[i], s[i]) === true) return;
      return;
    }
    for (let x = (this.zsl as SkipList).first; x !== null; x = x.next[0]) if (visit(x.member, x.score) === true) return;
  }

  /** Every member from the highest score down (how Redis's set operations read their inputs). */
  forEachReverse(visit: Visit): void {
    if (this.lpMembers !== null) {
      const m = this.lpMembers;
      const s = this.lpScores as number[];
      for (let i = m.length - 1; i >= 0; i--) if (visit(m[i], s[i]) === true) return;
      return;
    }
    for (let x = (this.zsl as SkipList).tail; x !== null; x = x.backward) if (visit(x.member, x.score) === true) return;
  }

  /** Members of ranks start..end (0-based, inclusive, already within bounds). */
  rangeByRank(start: number, end: number, reverse: boolean, emit: Emit): void {
    let count = end - start + 1;
    if (this.lpMembers !== null) {
      const m = this.lpMembers;
      const s = this.lpScores as number[];
      if (reverse) for (let i = m.length - 1 - start; count-- > 0; i--) emit(m[i], s[i]);
      else for (let i = start; count-- > 0; i++) emit(m[i], s[i]);
      return;
    }
    const zsl = this.zsl as SkipList;
    // The ends are reached in O(1); anything else by rank in O(log N).
    let x: SkipNode | null;
    if (reverse) x = start > 0 ? zsl.byRank(zsl.length - start) : zsl.tail;
    else x = start > 0 ? zsl.byRank(start + 1) : zsl.first;
    while (count-- > 0 && x !== null) {
      emit(x.member, x.score);
      x = reverse ? x.backward : x.next[0];
    }
  }

  /**
   * Members with a score in the range, skipping `offset` and stopping after
   * `limit` (negative: no limit), from the top when `reverse`. Returns how
   * many were emitted. A negative offset yields nothing (Redis walks off
   * the end).
   */
  rangeByScore(r: ScoreRange, offset: number, limit: number, reverse: boolean, emit: Emit): number {
    if (offset > 0 && offset >= this.length) return 0;
    if (offset < 0) return 0;
    let n = 0;
    if (this.lpMembers !== null) {
      const m = this.lpMembers;
      const s = this.lpScores as number[];
      let i = reverse ? this.lpLastInRange(r) : this.lpFirstInRange(r);
      if (i < 0) return 0;
      i += reverse ? -offset : offset;
      for (; i >= 0 && i < m.length && limit !== 0; limit--) {
        if (reverse ? !scoreGteMin(s[i], r) : !scoreLteMax(s[i], r)) break;
        emit(m[i], s[i]);
        n++;
        i += reverse ? -1 : 1;
      }
      return n;
    }
    const zsl = this.zsl as SkipList;
    let x = reverse ? zsl.lastInRange(r) : zsl.firstInRange(r);
    while (x !== null && offset-- > 0) x = reverse ? x.backward : x.next[0];
    for (; x !== null && limit !== 0; limit--) {
      if (reverse ? !scoreGteMin(x.score, r) : !scoreLteMax(x.score, r)) break;
      emit(x.member, x.score);
      n++;
      x = reverse ? x.backward : x.next[0];
    }
    return n;
  }

  /** As rangeByScore, for a member range (meaningful when all scores are equal). */
  rangeByLex(r: LexRange, offset: number, limit: number, reverse: boolean, emit: Emit): number {
    if (offset < 0) return 0;
    let n = 0;
    if (this.lpMembers !== null) {
      const m = this.lpMembers;
      const s = this.lpScores as number[];
      let i = reverse ? this.lpLastInLex(r) : this.lpFirstInLex(r);
      if (i < 0) return 0;
      i += reverse ? -offset : offset;
      for (; i >= 0 && i < m.length && limit !== 0; limit--) {
        if (reverse ? !lexGteMin(m[i], r) : !lexLteMax(m[i], r)) break;
        emit(m[i], s[i]);
        n++;
        i += reverse ? -1 : 1;
      }
      return n;
    }
    const zsl = this.zsl as SkipList;
    let x = reverse ? zsl.lastInLexRange(r) : zsl.firstInLexRange(r);
    while (x !== null && offset-- > 0) x = reverse ? x.backward : x.next[0];
    for (; x !== null && limit !== 0; limit--) {
      if (reverse ? !lexGteMin(x.member, r) : !lexLteMax(x.member, r)) break;
      emit(x.member, x.score);
      n++;
      x = reverse ? x.backward : x.next[0];
    }
    return n;
  }

  /** ZCOUNT: O(N) in a listpack, two rank lookups in a skiplist. */
  countInRange(r: ScoreRange): number {
    if (this.lpMembers !== null) {
      const s = this.lpScores as number[];
      const first = this.lpFirstInRange(r);
      if (first < 0) return 0;
      let i = first;
      while (i < s.length && scoreLteMax(s[i], r)) i++;
      return i - first;
    }
    const zsl = this.zsl as SkipList;
    const first = zsl.firstInRange(r);
    if (first === null) return 0;
    let count = zsl.length - (zsl.rankOf(first.score, first.member) - 1);
    const last = zsl.lastInRange(r);
    if (last !== null) count -= zsl.length - zsl.rankOf(last.score, last.member);
    return count;
  }

  /** ZLEXCOUNT, with the same method per encoding as Redis. */
  countInLexRange(r: LexRange): number {
    if (this.lpMembers !== null) {
      const m = this.lpMembers;
      const first = this.lpFirstInLex(r);
      if (first < 0) return 0;
      let i = first;
      while (i < m.length && lexLteMax(m[i], r)) i++;
      return i - first;
    }
    const zsl = this.zsl as SkipList;
    const first = zsl.firstInLexRange(r);
    if (first === null) return 0;
    let count = zsl.length - (zsl.rankOf(first.score, first.member) - 1);
    const last = zsl.lastInLexRange(r);
    if (last !== null) count -= zsl.length - zsl.rankOf(last.score, last.member);
    return count;
  }

  // --- removals ---------------------------------------------------------------------

  /** Remove ranks start..end (0-based, inclusive, within bounds); returns the count. */
  removeRangeByRank(start: number, end: number): number {
    if (this.lpMembers !== null) {
      const n = end - start + 1;
      this.lpMembers.splice(start, n);
      (this.lpScores as number[]).splice(start, n);
      return n;
    }
    const removed = (this.zsl as SkipList).deleteRangeByRank(start + 1, end + 1, (x) => this.dictDelete(x.member));
    this.dictRemoved();
    return removed;
  }

  removeRangeByScore(r: ScoreRange): number {
    if (this.lpMembers !== null) {
      const s = this.lpScores as number[];
      const first = this.lpFirstInRange(r);
      if (first < 0) return 0;
      let i = first;
      while (i < s.length && scoreLteMax(s[i], r)) i++;
      return this.lpRemoveRun(first, i);
    }
    const removed = (this.zsl as SkipList).deleteRangeByScore(r, (x) => this.dictDelete(x.member));
    this.dictRemoved();
    return removed;
  }

  removeRangeByLex(r: LexRange): number {
    if (this.lpMembers !== null) {
      const m = this.lpMembers;
      const first = this.lpFirstInLex(r);
      if (first < 0) return 0;
      let i = first;
      while (i < m.length && lexLteMax(m[i], r)) i++;
      return this.lpRemoveRun(first, i);
    }
    const removed = (this.zsl as SkipList).deleteRangeByLex(r, (x) => this.dictDelete(x.member));
    this.dictRemoved();
    return removed;
  }

  /** Remove and emit the lowest (or, with `max`, the highest) member; the set must not be empty. */
  pop(max: boolean, emit: Emit): void {
    if (this.lpMembers !== null) {
      const i = max ? this.lpMembers.length - 1 : 0;
      const member = this.lpMembers[i];
      const score = (this.lpScores as number[])[i];
      this.lpRemoveAt(i);
      emit(member, score);
      return;
    }
    const zsl = this.zsl as SkipList;
    const x = (max ? zsl.tail : zsl.first) as SkipNode;
    this.dictDelete(x.member);
    this.dictRemoved();
    zsl.delete(x.score, x.member);
    emit(x.member, x.score);
  }

  // --- random members and SCAN ---------------------------------------------------

  /** One member picked uniformly at random, in O(1); the set must not be empty. */
  randomMember(emit: Emit, random: () => number = Math.random): void {
    if (this.lpMembers !== null) {
      const i = Math.floor(random() * this.lpMembers.length);
      emit(this.lpMembers[i], (this.lpScores as number[])[i]);
      return;
    }
    const d = this.dict as Keyspace<SkipNode>;
    const node = d.valueOf(d.randomSlot(random));
    emit(node.member, node.score);
  }

  /**
   * `count` distinct members chosen at random, emitted in set order
   * (selection sampling, as Redis's lpRandomPairsUnique walks a listpack).
   */
  randomDistinctInOrder(count: number, emit: Emit, random: () => number = Math.random): void {
    let remaining = Math.min(count, this.length);
    let left = this.length;
    this.forEach((m, s) => {
      if (remaining > 0 && random() * left < remaining) {
        emit(m, s);
        remaining--;
      }
      left--;
    });
  }

  /**
   * One ZSCAN step: a listpack is returned whole with cursor 0; a skiplist's
   * dict is walked from `cursor` for about `count` members.
   */
  scan(cursor: number, count: number, emit: Emit): number {
    if (this.lpMembers !== null) {
      this.forEach(emit);
      return 0;
    }
    const d = this.dict as Keyspace<SkipNode>;
    return d.scan(cursor, count, (slot) => {
      const node = d.valueOf(slot);
      emit(node.member, node.score);
    });
  }

  // --- encodings ------------------------------------------------------------------

  /** Listpack → skiplist (Redis's zsetConvert), for good. */
  convertToSkiplist(): void {
    const members = this.lpMembers;
    if (members === null) return;
    const scores = this.lpScores as number[];
    this.lpMembers = null;
    this.lpScores = null;
    const zsl = new SkipList();
    this.zsl = zsl;
    this.dict = new Keyspace<SkipNode>();
    this.dictSlots = DICT_MIN_SLOTS;
    for (let i = 0; i < members.length; i++) this.dictAdd(members[i], zsl.insert(scores[i], members[i]));
  }

  /**
   * Redis's zsetConvertToListpackIfNeeded, for set-operation results built
   * as a skiplist: back to a listpack when the result is small enough.
   */
  convertToListpackIfFits(limits: ZSetLimits): void {
    const zsl = this.zsl;
    if (zsl === null || zsl.length > limits.maxEntries) return;
    for (let x = zsl.first; x !== null; x = x.next[0]) if (x.member.length > limits.maxValue) return;
    const members: string[] = [];
    const scores: number[] = [];
    for (let x = zsl.first; x !== null; x = x.next[0]) {
      members.push(x.member);
      scores.push(lpScore(x.score));
    }
    this.lpMembers = members;
    this.lpScores = scores;
    this.zsl = null;
    this.dict = null;
    this.dictSlots = 0;
  }

  /** An independent copy with the same encoding (COPY; Redis's zsetDup). */
  clone(): ZSetValue {
    if (this.lpMembers !== null) {
      const copy = new ZSetValue(true);
      copy.lpMembers = this.lpMembers.slice();
      copy.lpScores = (this.lpScores as number[]).slice();
      return copy;
    }
    const copy = new ZSetValue(false);
    const zsl = copy.zsl as SkipList;
    // From the tail down, so every insertion stops at the head: O(1) each.
    for (let x = (this.zsl as SkipList).tail; x !== null; x = x.backward) copy.dictAdd(x.member, zsl.insert(x.score, x.member));
    return copy;
  }

  /**
   * What Redis 7.0's MEMORY USAGE reports (objectComputeSize): the object
   * header plus the listpack's bytes, or the zset, skiplist and dict headers,
   * the bucket array, the skiplist's header node, and per member a dict
   * entry, a node and an sds string (averaged, as Redis does, over the first
   * few members: node sizes depend on their random levels).
   */
  memoryUsage(): number {
    const ROBJ = 16;
    if (this.lpMembers !== null) {
      const m = this.lpMembers;
      const s = this.lpScores as number[];
      let bytes = 6 + 1; // header (total bytes, element count) and end marker
      for (let i = 0; i < m.length; i++) bytes += lpMemberBytes(m[i]) + lpScoreBytes(s[i]);
      return ROBJ + mallocSize(bytes);
    }
    const zsl = this.zsl as SkipList;
    const ZSET = 16;
    const ZSKIPLIST = 32;
    const DICT = 56;
    const HEADER_NODE = mallocSize(24 + 16 * 32);
    let size = ROBJ + ZSET + ZSKIPLIST + DICT + 8 * this.dictSlots + HEADER_NODE;
    let sampled = 0;
    let bytes = 0;
    for (let x = zsl.first; x !== null && sampled < 5; x = x.next[0]) {
      bytes += sdsAllocSize(x.member.length) + 24 + mallocSize(24 + 16 * x.next.length);
      sampled++;
    }
    if (sampled > 0) size += (bytes / sampled) * zsl.length;
    return Math.floor(size);
  }

  // --- listpack internals -----------------------------------------------------

  /** Insert at the position (score, member) sorts to (binary search; the arrays are sorted). */
  private lpInsert(score: number, member: string): void {
    const m = this.lpMembers as string[];
    const s = this.lpScores as number[];
    let lo = 0;
    let hi = m.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (s[mid] < score || (s[mid] === score && m[mid] < member)) lo = mid + 1;
      else hi = mid;
    }
    const stored = lpScore(score);
    if (lo === m.length) {
      m.push(member);
      s.push(stored);
    } else {
      m.splice(lo, 0, member);
      s.splice(lo, 0, stored);
    }
  }

  private lpRemoveAt(i: number): void {
    const m = this.lpMembers as string[];
    const s = this.lpScores as number[];
    if (i === m.length - 1) {
      m.pop();
      s.pop();
    } else {
      m.splice(i, 1);
      s.splice(i, 1);
    }
  }

  private lpRemoveRun(from: number, to: number): number {
    (this.lpMembers as string[]).splice(from, to - from);
    (this.lpScores as number[]).splice(from, to - from);
    return to - from;
  }

  /** Index of the first member with score in range, or -1 (scores are sorted: bisection). */
  private lpFirstInRange(r: ScoreRange): number {
    const s = this.lpScores as number[];
    let lo = 0;
    let hi = s.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (scoreGteMin(s[mid], r)) hi = mid;
      else lo = mid + 1;
    }
    return lo < s.length && scoreLteMax(s[lo], r) ? lo : -1;
  }

  private lpLastInRange(r: ScoreRange): number {
    const s = this.lpScores as number[];
    let lo = 0;
    let hi = s.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (scoreLteMax(s[mid], r)) lo = mid + 1;
      else hi = mid;
    }
    const i = lo - 1;
    return i >= 0 && scoreGteMin(s[i], r) ? i : -1;
  }

  /**
   * First member in a lex range, by a linear scan as Redis's
   * zzlFirstInLexRange: members are only sorted when scores are equal, and
   * for mixed scores the result must be the one Redis gives.
   */
  private lpFirstInLex(r: LexRange): number {
    const m = this.lpMembers as string[];
    if (!this.lpMayHoldLex(r)) return -1;
    for (let i = 0; i < m.length; i++) {
      if (lexGteMin(m[i], r)) return lexLteMax(m[i], r) ? i : -1;
    }
    return -1;
  }

  private lpLastInLex(r: LexRange): number {
    const m = this.lpMembers as string[];
    if (!this.lpMayHoldLex(r)) return -1;
    for (let i = m.length - 1; i >= 0; i--) {
      if (lexLteMax(m[i], r)) return lexGteMin(m[i], r) ? i : -1;
    }
    return -1;
  }

  /** Redis's zzlIsInLexRange: a quick no for empty ranges and ranges past either end. */
  private lpMayHoldLex(r: LexRange): boolean {
    const m = this.lpMembers as string[];
    if (lexRangeEmpty(r) || m.length === 0) return false;
    return lexGteMin(m[m.length - 1], r) && lexLteMax(m[0], r);
  }

  // --- dict internals --------------------------------------------------------------

  private dictAdd(member: string, node: SkipNode): void {
    const d = this.dict as Keyspace<SkipNode>;
    d.set(member, node, 0);
    // A Redis dict doubles when it is full.
    if (d.size > this.dictSlots) this.dictSlots = nextPow2(d.size);
  }

  private dictDelete(member: string): void {
    (this.dict as Keyspace<SkipNode>).delete(member);
  }

  /** After removals: a Redis dict shrinks when less than 10% full (htNeedsResize + dictResize). */
  private dictRemoved(): void {
    const n = (this.dict as Keyspace<SkipNode>).size;
    if (this.dictSlots > DICT_MIN_SLOTS && n * 10 < this.dictSlots) this.dictSlots = nextPow2(Math.max(n, DICT_MIN_SLOTS));
  }
}
