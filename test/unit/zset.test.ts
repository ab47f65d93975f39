/**
 * The sorted-set value (datatypes/zset.ts) against a model: a Map from
 * member to score, sorted on demand. Random sequences of ZADD-style adds
 * (every flag), removals, range queries and range removals run with small
 * conversion thresholds, so both encodings and the listpack → skiplist
 * conversion are exercised; the encoding must be the one Redis would
 * report at every step. Also: range argument parsing, the -0 listpack
 * quirk, clone, scan and the set-operation result conversion.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  ZADD_GT,
  ZADD_INCR,
  ZADD_LT,
  ZADD_NX,
  ZADD_OUT_ADDED,
  ZADD_OUT_NAN,
  ZADD_OUT_NOP,
  ZADD_OUT_UPDATED,
  ZADD_XX,
  ZSetValue,
  parseLexRange,
  parseScoreRange,
  type LexRange,
  type ScoreRange,
  type ZSetLimits,
} from '../../datatypes/zset.js';
import { LEX_MINUS_INF, LEX_PLUS_INF, lexGteMin, lexLteMax, scoreGteMin, scoreLteMax } from '../../datatypes/skiplist.js';

type Entry = [member: string, score: number];

function sortedEntries(m: Map<string, number>): Entry[] {
  return [...m.entries()].sort((a, b) => (a[1] !== b[1] ? (a[1] < b[1] ? -1 : 1) : a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

function entriesOf(z: ZSetValue): Entry[] {
  const out: Entry[] = [];
  z.forEach((m, s) => {
    out.push([m, s]);
  });
  return out;
}

/** The model of zsetAdd: returns the out flags and the new score. */
function modelAdd(model: Map<string, number>, listpack: boolean, score: number, member: string, flags: number): [number, number] {
  if (Number.isNaN(score)) return [ZADD_OUT_NAN, 0];
  const cur = model.get(member);
  const store = (s: number): number => (listpack && s === 0 ? 0 : s);
  if (cur !== undefined) {
    if (flags & ZADD_NX) return [ZADD_OUT_NOP, 0];
    if (flags & ZADD_INCR) {
      score += cur;
      if (Number.isNaN(score)) return [ZADD_OUT_NAN, 0];
    }
    if ((flags & ZADD_LT && score >= cur) || (flags & ZADD_GT && score <= cur)) return [ZADD_OUT_NOP, 0];
    if (score === cur) return [0, score];
    model.set(member, store(score));
    return [ZADD_OUT_UPDATED, score];
  }
  if (flags & ZADD_XX) return [ZADD_OUT_NOP, 0];
  model.set(member, store(score));
  return [ZADD_OUT_ADDED, score];
}

const members = fc.oneof(
  fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', '', 'long-member-name', '\x00', '\xff', '12', '-3'),
  fc.string({ unit: fc.integer({ min: 0, max: 255 }).map((c) => String.fromCharCode(c)), maxLength: 3 }),
);
const scores = fc.oneof(fc.constantFrom(0, -0, 1, 2, 3, 1.5, -1, Infinity, -Infinity, NaN), fc.integer({ min: -3, max: 3 }));
const flagSets = fc.constantFrom(0, ZADD_NX, ZADD_XX, ZADD_GT, ZADD_LT, ZADD_XX | ZADD_GT, ZADD_XX | ZADD_LT, ZADD_INCR, ZADD_INCR | ZADD_NX, ZADD_INCR | ZADD_XX, ZADD_INCR | ZADD_GT);
const rangeScores = fc.constantFrom(-Infinity, -1, 0, 1, 1.5, 2, 3, Infinity);
const scoreRanges: fc.Arbitrary<ScoreRange> = fc.record({ min: rangeScores, max: rangeScores, minex: fc.boolean(), maxex: fc.boolean() });
const lexBound = fc.oneof(members, fc.constant(LEX_MINUS_INF), fc.constant(LEX_PLUS_INF));
const lexRanges: fc.Arbitrary<LexRange> = fc.record({ min: lexBound, max: lexBound, minex: fc.boolean(), maxex: fc.boolean() });

type Op =
  | { op: 'add'; member: string; score: number; flags: number }
  | { op: 'remove'; member: string }
  | { op: 'rank'; a: number; b: number; reverse: boolean }
  | { op: 'score'; r: ScoreRange; offset: number; limit: number; reverse: boolean }
  | { op: 'lex'; r: LexRange; offset: number; limit: number; reverse: boolean }
  | { op: 'remRank'; a: number; b: number }
  | { op: 'remScore'; r: ScoreRange }
  | { op: 'remLex'; r: LexRange }
  | { op: 'pop'; max: boolean };

const ops: fc.Arbitrary<Op> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ op: fc.constant('add' as const), member: members, score: scores, flags: flagSets }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('remove' as const), member: members }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('rank' as const), a: fc.integer({ min: -12, max: 12 }), b: fc.integer({ min: -12, max: 12 }), reverse: fc.boolean() }) },
  {
    weight: 2,
    arbitrary: fc.record({ op: fc.constant('score' as const), r: scoreRanges, offset: fc.integer({ min: -1, max: 4 }), limit: fc.integer({ min: -1, max: 4 }), reverse: fc.boolean() }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ op: fc.constant('lex' as const), r: lexRanges, offset: fc.integer({ min: -1, max: 4 }), limit: fc.integer({ min: -1, max: 4 }), reverse: fc.boolean() }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('remRank' as const), a: fc.nat(10), b: fc.nat(10) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('remScore' as const), r: scoreRanges }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('remLex' as const), r: lexRanges }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('pop' as const), max: fc.boolean() }) },
);

/** Apply offset/limit as Redis's range loops do: a negative offset yields nothing, a negative limit no limit. */
function window(list: Entry[], offset: number, limit: number): Entry[] {
  if (offset < 0) return [];
  const rest = list.slice(offset);
  return limit < 0 ? rest : rest.slice(0, limit);
}

describe('ZSetValue against a Map model', () => {
  it('agrees on every operation, in both encodings, with Redis conversion rules', () => {
    fc.assert(
      fc.property(fc.array(ops, { maxLength: 80 }), fc.integer({ min: 0, max: 8 }), fc.integer({ min: 0, max: 4 }), (seq, maxEntries, maxValue) => {
        const limits: ZSetLimits = { maxEntries, maxValue };
        let z: ZSetValue | null = null;
        const model = new Map<string, number>();
        let listpack = true;
        for (const o of seq) {
          if (z === null) {
            if (o.op !== 'add' || o.flags & ZADD_XX || Number.isNaN(o.score)) continue;
            z = ZSetValue.createFor(o.member, limits);
            listpack = z.isListpack;
            expect(listpack).toBe(maxEntries !== 0 && o.member.length <= maxValue);
          }
          const all = sortedEntries(model);
          switch (o.op) {
            case 'add': {
              // The conversion happens before a new member that does not fit is added.
              if (listpack && !model.has(o.member) && !(o.flags & ZADD_XX) && !Number.isNaN(o.score)) {
                if (model.size + 1 > maxEntries || o.member.length > maxValue) listpack = false;
              }
              const [flags, newScore] = modelAdd(model, listpack, o.score, o.member, o.flags);
              const out = z.add(o.score, o.member, o.flags, limits);
              expect(out).toBe(flags);
              if (flags === ZADD_OUT_ADDED || flags === ZADD_OUT_UPDATED || flags === 0) expect(Object.is(z.newScore, newScore)).toBe(true);
              break;
            }
            case 'remove':
              expect(z.remove(o.member)).toBe(model.delete(o.member));
              break;
            case 'rank': {
              const n = all.length;
              let a = o.a < 0 ? o.a + n : o.a;
              let b = o.b < 0 ? o.b + n : o.b;
              if (a < 0) a = 0;
              if (a > b || a >= n) break;
              if (b >= n) b = n - 1;
              const got: Entry[] = [];
              z.rangeByRank(a, b, o.reverse, (m, s) => got.push([m, s]));
              const src = o.reverse ? [...all].reverse() : all;
              expect(got).toEqual(src.slice(a, b + 1));
              break;
            }
            case 'score': {
              const got: Entry[] = [];
              const n = z.rangeByScore(o.r, o.offset, o.limit, o.reverse, (m, s) => got.push([m, s]));
              const inRange = all.filter((e) => scoreGteMin(e[1], o.r) && scoreLteMax(e[1], o.r));
              expect(got).toEqual(window(o.reverse ? inRange.reverse() : inRange, o.offset, o.limit));
              expect(n).toBe(got.length);
              expect(z.countInRange(o.r)).toBe(inRange.length);
              break;
            }
            case 'lex': {
              // Lex results are defined when all scores are equal: compare then only.
              if (new Set(all.map((e) => e[1])).size > 1) break;
              const got: Entry[] = [];
              z.rangeByLex(o.r, o.offset, o.limit, o.reverse, (m, s) => got.push([m, s]));
              const inRange = all.filter((e) => lexGteMin(e[0], o.r) && lexLteMax(e[0], o.r));
              expect(got).toEqual(window(o.reverse ? inRange.reverse() : inRange, o.offset, o.limit));
              expect(z.countInLexRange(o.r)).toBe(inRange.length);
              break;
            }
            case 'remRank': {
              const n = all.length;
              const a = Math.min(o.a, o.b);
              const b = Math.min(Math.max(o.a, o.b), n - 1);
              if (a >= n) break;
              expect(z.removeRangeByRank(a, b)).toBe(b - a + 1);
              for (const [m] of all.slice(a, b + 1)) model.delete(m);
              break;
            }
            case 'remScore': {
              const gone = all.filter((e) => scoreGteMin(e[1], o.r) && scoreLteMax(e[1], o.r));
              expect(z.removeRangeByScore(o.r)).toBe(gone.length);
              for (const [m] of gone) model.delete(m);
              break;
            }
            case 'remLex': {
              if (new Set(all.map((e) => e[1])).size > 1) break;
              const gone = all.filter((e) => lexGteMin(e[0], o.r) && lexLteMax(e[0], o.r));
              expect(z.removeRangeByLex(o.r)).toBe(gone.length);
              for (const [m] of gone) model.delete(m);
              break;
            }
            case 'pop': {
              if (all.length === 0) break;
              const want = o.max ? all[all.length - 1] : all[0];
              const got: Entry[] = [];
              z.pop(o.max, (m, s) => got.push([m, s]));
              expect(got).toEqual([want]);
              model.delete(want[0]);
              break;
            }
          }
          // Whole-state checks after every step.
          const now = sortedEntries(model);
          const seen = entriesOf(z);
          expect(seen.length).toBe(now.length);
          seen.forEach((e, i) => {
            expect(e[0]).toBe(now[i][0]);
            expect(Object.is(e[1], now[i][1])).toBe(true);
          });
          expect(z.length).toBe(model.size);
          expect(z.encoding()).toBe(listpack ? 'listpack' : 'skiplist');
          now.forEach(([m, s], i) => {
            expect(z?.rank(m, false)).toBe(i);
            expect(z?.rank(m, true)).toBe(now.length - 1 - i);
            expect(Object.is(z?.score(m), s)).toBe(true);
          });
          const rev: Entry[] = [];
          z.forEachReverse((m, s) => {
            rev.push([m, s]);
          });
          expect(rev).toEqual([...seen].reverse());
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('encodings', () => {
  const limits: ZSetLimits = { maxEntries: 128, maxValue: 64 };

  it('a listpack stores -0 as 0; a skiplist keeps the sign', () => {
    const lp = ZSetValue.createListpack();
    expect(lp.add(-0, 'm', 0, limits)).toBe(ZADD_OUT_ADDED);
    expect(Object.is(lp.newScore, -0)).toBe(true); // ZADD INCR replies the score it was given
    expect(Object.is(lp.score('m'), 0)).toBe(true);
    const sl = ZSetValue.createSkiplist();
    sl.add(-0, 'm', 0, limits);
    expect(Object.is(sl.score('m'), -0)).toBe(true);
    // Equal scores are no update: the stored sign stays.
    expect(sl.add(0, 'm', 0, limits)).toBe(0);
    expect(Object.is(sl.score('m'), -0)).toBe(true);
    // A conversion back to a listpack normalises.
    sl.convertToListpackIfFits(limits);
    expect(sl.encoding()).toBe('listpack');
    expect(Object.is(sl.score('m'), 0)).toBe(true);
  });

  it('converts to a skiplist before adding the member that does not fit, and never back', () => {
    const z = ZSetValue.createListpack();
    const small: ZSetLimits = { maxEntries: 3, maxValue: 4 };
    for (const m of ['a', 'b', 'c']) z.add(1, m, 0, small);
    expect(z.encoding()).toBe('listpack');
    z.add(1, 'c', ZADD_INCR, small); // an update never converts
    expect(z.encoding()).toBe('listpack');
    z.add(1, 'd', 0, small);
    expect(z.encoding()).toBe('skiplist');
    for (const m of ['a', 'b', 'c']) z.remove(m);
    expect(z.encoding()).toBe('skiplist');
    const long = ZSetValue.createListpack();
    long.add(1, 'abcde', 0, small);
    expect(long.encoding()).toBe('skiplist');
    expect(ZSetValue.createFor('abcde', small).encoding()).toBe('skiplist');
    expect(ZSetValue.createFor('abcd', small).encoding()).toBe('listpack');
    expect(ZSetValue.createFor('a', { maxEntries: 0, maxValue: 64 }).encoding()).toBe('skiplist');
  });

  it('set-operation results return to a listpack only when they fit', () => {
    const z = ZSetValue.createSkiplist();
    for (let i = 0; i < 5; i++) z.insertNew(i, 'm' + i);
    z.convertToListpackIfFits({ maxEntries: 4, maxValue: 64 });
    expect(z.encoding()).toBe('skiplist');
    z.convertToListpackIfFits({ maxEntries: 5, maxValue: 1 });
    expect(z.encoding()).toBe('skiplist');
    z.convertToListpackIfFits({ maxEntries: 5, maxValue: 2 });
    expect(z.encoding()).toBe('listpack');
    expect(entriesOf(z)).toEqual([0, 1, 2, 3, 4].map((i) => ['m' + i, i]));
  });

  it('clone keeps the encoding and is independent', () => {
    for (const make of [() => ZSetValue.createListpack(), () => ZSetValue.createSkiplist()]) {
      const z = make();
      for (let i = 0; i < 20; i++) z.add(i % 7, 'm' + i, 0, { maxEntries: 1000, maxValue: 64 });
      const copy = z.clone();
      expect(copy.encoding()).toBe(z.encoding());
      expect(entriesOf(copy)).toEqual(entriesOf(z));
      copy.remove('m3');
      expect(z.has('m3')).toBe(true);
      expect(copy.rank('m19', false)).toBe(z.rank('m19', false) - (z.rank('m3', false) < z.rank('m19', false) ? 1 : 0));
    }
  });

  it('scan: a listpack in one call, a skiplist by cursor, every member exactly once', () => {
    const lp = ZSetValue.createListpack();
    for (let i = 0; i < 10; i++) lp.add(i, 'm' + i, 0, limits);
    const seen: string[] = [];
    expect(lp.scan(12345, 1, (m) => seen.push(m))).toBe(0);
    expect(seen.length).toBe(10);
    const sl = ZSetValue.createSkiplist();
    for (let i = 0; i < 1000; i++) sl.add(i, 'm' + i, 0, limits);
    const got = new Set<string>();
    let cursor = 0;
    let calls = 0;
    do {
      cursor = sl.scan(cursor, 10, (m, s) => {
        expect(s).toBe(Number(m.slice(1)));
        got.add(m);
      });
      calls++;
    } while (cursor !== 0);
    expect(got.size).toBe(1000);
    expect(calls).toBeGreaterThan(50);
  });

  it('random members are members; distinct samples are distinct and in order', () => {
    for (const make of [() => ZSetValue.createListpack(), () => ZSetValue.createSkiplist()]) {
      const z = make();
      for (let i = 0; i < 50; i++) z.add(i, 'm' + String(i).padStart(2, '0'), 0, limits);
      for (let k = 0; k < 100; k++) z.randomMember((m, s) => expect(z.score(m)).toBe(s));
      const picked: string[] = [];
      z.randomDistinctInOrder(10, (m) => picked.push(m));
      expect(picked.length).toBe(10);
      expect([...picked].sort()).toEqual(picked);
      expect(new Set(picked).size).toBe(10);
    }
  });

  it('memory usage: a listpack is counted by its bytes, a skiplist per member', () => {
    const lp = ZSetValue.createListpack();
    lp.add(1, 'a', 0, limits);
    // robj 16 + listpack: 6 header + "a" (2+1 backlen... 1+1+1) + int 1 (1+1) + end 1 = 12 → 16 bytes class
    expect(lp.memoryUsage()).toBe(16 + 16);
    const sl = ZSetValue.createSkiplist();
    for (let i = 0; i < 100; i++) sl.add(i, 'member' + i, 0, limits);
    expect(sl.memoryUsage()).toBeGreaterThan(100 * 50);
  });
});

describe('range arguments', () => {
  it('parses score ranges as zslParseRange', () => {
    expect(parseScoreRange('1', '2')).toEqual({ min: 1, max: 2, minex: false, maxex: false });
    expect(parseScoreRange('(1', '(2.5')).toEqual({ min: 1, max: 2.5, minex: true, maxex: true });
    expect(parseScoreRange('-inf', '+inf')).toEqual({ min: -Infinity, max: Infinity, minex: false, maxex: false });
    expect(parseScoreRange('', '(')).toEqual({ min: 0, max: 0, minex: false, maxex: true });
    expect(parseScoreRange('1\x00junk', ' 2')).toEqual({ min: 1, max: 2, minex: false, maxex: false });
    expect(parseScoreRange('a', '1')).toBeNull();
    expect(parseScoreRange('1', 'nan')).toBeNull();
    expect(parseScoreRange('((1', '2')).toBeNull();
  });

  it('parses lex ranges as zslParseLexRange', () => {
    expect(parseLexRange('-', '+')).toEqual({ min: LEX_MINUS_INF, max: LEX_PLUS_INF, minex: true, maxex: true });
    expect(parseLexRange('[a', '(b')).toEqual({ min: 'a', max: 'b', minex: false, maxex: true });
    expect(parseLexRange('[', '(')).toEqual({ min: '', max: '', minex: false, maxex: true });
    expect(parseLexRange('+\x00x', '-')).toEqual({ min: LEX_PLUS_INF, max: LEX_MINUS_INF, minex: true, maxex: true });
    expect(parseLexRange('a', '+')).toBeNull();
    expect(parseLexRange('-', '+x')).toBeNull();
    expect(parseLexRange('', '+')).toBeNull();
  });
});
