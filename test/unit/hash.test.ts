/**
 * Property tests of the hash value (datatypes/hash.ts) against a model: an
 * insertion-ordered Map plus a "converted" flag that follows Redis 7.0's
 * rules (more than maxEntries fields, or a field/value longer than
 * maxValue written, converts for good). After any sequence of writes the
 * hash holds exactly the model's pairs, a listpack lists them in the
 * model's order, the encoding is the model's, positions and random picks
 * name live entries, clones are equal and independent, and a hashtable's
 * scan returns every field present for the whole walk.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { HashValue, type HashLimits } from '../../datatypes/hash.js';

type Op =
  | { op: 'set'; field: string; value: string }
  | { op: 'setMany'; pairs: [string, string][] }
  | { op: 'del'; field: string }
  | { op: 'limits'; maxEntries: number; maxValue: number };

const byteArb = fc.integer({ min: 0, max: 255 }).map((b) => String.fromCharCode(b));
// A small pool makes fields collide (overwrites, deletes of present fields).
const fieldArb = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom('', 'a', 'b', 'c', 'd', 'e', 'f', '1', '-1', '\x00', '\xff\x00', 'x'.repeat(50)) },
  { weight: 1, arbitrary: fc.string({ unit: byteArb, maxLength: 80 }) },
);
const valueArb = fc.oneof(fc.constantFrom('', '0', '123', 'v', '9223372036854775807'), fc.string({ unit: byteArb, maxLength: 80 }));
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ op: fc.constant('set' as const), field: fieldArb, value: valueArb }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('setMany' as const), pairs: fc.array(fc.tuple(fieldArb, valueArb), { maxLength: 6 }) }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('del' as const), field: fieldArb }) },
  {
    weight: 1,
    arbitrary: fc.record({ op: fc.constant('limits' as const), maxEntries: fc.integer({ min: 0, max: 12 }), maxValue: fc.integer({ min: 0, max: 70 }) }),
  },
);

interface Model {
  map: Map<string, string>;
  converted: boolean;
  limits: HashLimits;
}

function apply(h: HashValue, m: Model, o: Op): void {
  switch (o.op) {
    case 'set': {
      if (!m.converted && (o.field.length > m.limits.maxValue || o.value.length > m.limits.maxValue)) m.converted = true;
      const isNew = !m.map.has(o.field);
      m.map.set(o.field, o.value);
      if (m.map.size > m.limits.maxEntries) m.converted = true;
      expect(h.set(o.field, o.value, m.limits)).toBe(isNew);
      break;
    }
    case 'setMany': {
      // What HSET does: check every string first, then write pair by pair.
      const args = ['HSET', 'key', ...o.pairs.flat()];
      if (args.slice(2).some((s) => s.length > m.limits.maxValue)) m.converted = true;
      h.convertIfAnyLonger(args, 2, args.length - 1, m.limits.maxValue);
      for (const [f, v] of o.pairs) {
        m.map.set(f, v);
        if (m.map.size > m.limits.maxEntries) m.converted = true;
        h.set(f, v, m.limits);
      }
      break;
    }
    case 'del':
      expect(h.delete(o.field)).toBe(m.map.delete(o.field));
      break;
    case 'limits':
      m.limits = { maxEntries: o.maxEntries, maxValue: o.maxValue };
      break;
  }
}

function entries(h: HashValue): [string, string][] {
  const out: [string, string][] = [];
  h.forEach((f, v) => out.push([f, v]));
  return out;
}

const sorted = (a: [string, string][]): [string, string][] => [...a].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));

function check(h: HashValue, m: Model): void {
  expect(h.size).toBe(m.map.size);
  expect(h.encoding()).toBe(m.converted ? 'hashtable' : 'listpack');
  expect(h.isListpack).toBe(!m.converted);
  const got = entries(h);
  if (h.isListpack) expect(got).toEqual([...m.map]);
  else expect(sorted(got)).toEqual(sorted([...m.map]));
  for (const [f, v] of m.map) {
    expect(h.get(f)).toBe(v);
    expect(h.has(f)).toBe(true);
  }
  expect(h.get('absent field')).toBeUndefined();
  // Positions name exactly the live entries.
  const byPos: [string, string][] = [];
  h.forEachPos((p) => byPos.push([h.fieldAt(p), h.valueAt(p)]));
  expect(byPos).toEqual(got);
  if (m.map.size === 0) {
    expect(h.randomPos()).toBe(-1);
  } else {
    for (let i = 0; i < 5; i++) {
      const p = h.randomPos();
      expect(m.map.get(h.fieldAt(p))).toBe(h.valueAt(p));
    }
  }
  expect(h.memoryUsage()).toBeGreaterThan(0);
}

describe('HashValue against a model', () => {
  it('holds the model after any sequence of writes', () => {
    fc.assert(
      fc.property(fc.array(opArb, { size: 'max', maxLength: 200 }), (ops) => {
        const h = HashValue.create();
        const m: Model = { map: new Map(), converted: false, limits: { maxEntries: 8, maxValue: 64 } };
        for (const o of ops) {
          apply(h, m, o);
          check(h, m);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('a clone is equal, keeps the encoding, and is independent', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 60 }), fc.array(opArb, { maxLength: 30 }), (ops, later) => {
        const h = HashValue.create();
        const m: Model = { map: new Map(), converted: false, limits: { maxEntries: 8, maxValue: 64 } };
        for (const o of ops) apply(h, m, o);
        const copy = h.clone();
        const frozen: Model = { map: new Map(m.map), converted: m.converted, limits: m.limits };
        check(copy, frozen);
        for (const o of later) apply(h, m, o);
        check(copy, frozen);
        check(h, m);
      }),
      { numRuns: 200 },
    );
  });

  it('a hashtable scan returns every field present for the whole walk, once', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 1, max: 40 }),
        fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 400 })), { maxLength: 100 }),
        (n, count, churn) => {
          const limits = { maxEntries: 0, maxValue: 64 };
          const h = HashValue.create();
          for (let i = 0; i < n; i++) h.set(`f${i}`, `v${i}`, limits);
          // Fields touched by the churn may or may not be seen; the others must be, exactly once.
          const stable = new Set<string>();
          for (let i = 0; i < n; i++) stable.add(`f${i}`);
          for (const [, k] of churn) stable.delete(`f${k}`);
          const seen = new Map<string, number>();
          let cursor = 0;
          let step = 0;
          do {
            cursor = h.scan(cursor, count, (f, v) => {
              if (f.startsWith('f')) expect(v).toBe(`v${f.slice(1)}`);
              seen.set(f, (seen.get(f) ?? 0) + 1);
            });
            const c = churn[step++];
            if (c !== undefined) {
              if (c[0]) h.set(`f${c[1]}`, `v${c[1]}`, limits);
              else h.delete(`f${c[1]}`);
            }
          } while (cursor !== 0);
          for (const f of stable) expect(seen.get(f)).toBe(1);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('a listpack scan returns everything in order with cursor 0', () => {
    const h = HashValue.create();
    const limits = { maxEntries: 128, maxValue: 64 };
    h.set('b', '1', limits);
    h.set('a', '2', limits);
    const got: string[] = [];
    expect(h.scan(0, 1, (f, v) => got.push(f, v))).toBe(0);
    expect(got).toEqual(['b', '1', 'a', '2']);
  });

  it('random positions cover every entry', () => {
    for (const maxEntries of [128, 0]) {
      const h = HashValue.create();
      for (let i = 0; i < 20; i++) h.set(`f${i}`, 'v', { maxEntries, maxValue: 64 });
      const seen = new Set<string>();
      for (let i = 0; i < 2000; i++) seen.add(h.fieldAt(h.randomPos()));
      expect(seen.size).toBe(20);
    }
  });
});

describe('MEMORY USAGE estimates', () => {
  const limits = { maxEntries: 128, maxValue: 64 };

  it('listpack: object header plus the allocation of the listpack bytes', () => {
    const h = HashValue.create();
    h.set('f', '1', limits);
    // 6 header + "f" (1+1 +1 backlen) + 1 (int 1 +1 backlen) + 1 end = 12 → 16-byte class.
    expect(h.memoryUsage()).toBe(16 + 16);
  });

  it('hashtable: dict header, buckets, entries and sds strings', () => {
    const h = HashValue.create();
    h.set('f', '1', { maxEntries: 0, maxValue: 64 });
    // robj 16 + dict 56 + 4 buckets × 8 + dictEntry 24 + two 8-byte sds.
    expect(h.memoryUsage()).toBe(16 + 56 + 32 + 24 + 8 + 8);
  });
});
