/**
 * Property tests of the slot-based key space (datatypes/keyspace.ts)
 * against a plain Map model: after any sequence of set / delete / expire /
 * persist / clear the key space holds exactly the model's keys, values and
 * deadlines, its counters agree, random sampling only returns live slots,
 * and a full SCAN returns every key present from its start to its end even
 * when keys come and go between the steps (Redis's SCAN guarantee).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Keyspace } from '../../datatypes/keyspace.js';

// fast-check's default size keeps generated arrays short (about ten items);
// these tests want long operation sequences, so they ask for size 'max'.

/**
 * Values as the server stores them: strings (short ones are embedded in
 * the key's entry, long ones boxed) and objects (always boxed).
 */
type Val = string | { n: number };

interface Entry {
  value: Val;
  /** 0 = no TTL. */
  expire: number;
}

type Op =
  | { op: 'set'; key: string; value: Val; keepTtl: boolean }
  | { op: 'overwrite'; key: string; value: Val }
  | { op: 'del'; key: string }
  | { op: 'expire'; key: string; when: number }
  | { op: 'persist'; key: string }
  | { op: 'clear' };

// A small pool makes keys collide, so overwrites, re-adds and removals from
// the middle of the volatile list happen often. "" is a valid key name; a
// 65 537-byte key is too long to share an entry string with its value.
const LONG_KEY = 'L'.repeat(0x10001);
const keyArb = fc.constantFrom('', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', '\x00', '\xff\x00', 'k'.repeat(100), LONG_KEY);

const byteArb = fc.integer({ min: 0, max: 255 }).map((b) => String.fromCharCode(b));
const valArb: fc.Arbitrary<Val> = fc.oneof(
  fc.string({ unit: byteArb, maxLength: 44 }), // embedded with its key
  fc.string({ unit: byteArb, minLength: 45, maxLength: 80 }), // boxed
  fc.integer().map((n) => ({ n })), // a collection-like object
);

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ op: fc.constant('set' as const), key: keyArb, value: valArb, keepTtl: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('overwrite' as const), key: keyArb, value: valArb }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('del' as const), key: keyArb }) },
  // 0 is a legal deadline (the epoch) and must still count as "has a TTL".
  { weight: 3, arbitrary: fc.record({ op: fc.constant('expire' as const), key: keyArb, when: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 2 ** 45 })) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('persist' as const), key: keyArb }) },
  { weight: 1, arbitrary: fc.constant({ op: 'clear' as const }) },
);

/** Apply one operation to both the key space and the model. */
function apply(ks: Keyspace<Val>, model: Map<string, Entry>, o: Op): void {
  switch (o.op) {
    case 'overwrite': {
      // Replace the value in place (Db.overwrite): the TTL stays.
      const slot = ks.slotOf(o.key);
      const e = model.get(o.key);
      expect(slot >= 0).toBe(e !== undefined);
      if (e) {
        ks.setValueAt(slot, o.value);
        e.value = o.value;
      }
      break;
    }
    case 'set': {
      ks.set(o.key, o.value, 0, o.keepTtl);
      const old = model.get(o.key);
      model.set(o.key, { value: o.value, expire: o.keepTtl && old ? old.expire : 0 });
      break;
    }
    case 'del':
      expect(ks.delete(o.key)).toBe(model.delete(o.key));
      break;
    case 'expire': {
      const slot = ks.slotOf(o.key);
      const e = model.get(o.key);
      expect(slot >= 0).toBe(e !== undefined);
      if (e) {
        ks.setExpire(slot, o.when);
        e.expire = o.when === 0 ? -1 : o.when; // the key space stores the epoch as -1
      }
      break;
    }
    case 'persist': {
      const slot = ks.slotOf(o.key);
      const e = model.get(o.key);
      if (e) {
        expect(ks.persist(slot)).toBe(e.expire !== 0);
        e.expire = 0;
      }
      break;
    }
    case 'clear':
      ks.clear();
      model.clear();
      break;
  }
}

/** Every observable of the key space agrees with the model. */
function checkAgainstModel(ks: Keyspace<Val>, model: Map<string, Entry>): void {
  expect(ks.size).toBe(model.size);
  let volatile = 0;
  for (const [key, e] of model) {
    const slot = ks.slotOf(key);
    expect(slot).toBeGreaterThanOrEqual(0);
    expect(ks.keyOf(slot)).toBe(key);
    expect(ks.valueOf(slot)).toBe(e.value); // strings by value, objects by identity
    expect(ks.expireOf(slot)).toBe(e.expire);
    if (e.expire !== 0) volatile++;
  }
  expect(ks.expiresCount).toBe(volatile);

  // The dense volatile list: exactly the keys with a TTL, each once.
  const seen = new Set<string>();
  for (let i = 0; i < ks.expiresCount; i++) {
    const key = ks.keyOf(ks.volatileSlotAt(i));
    expect(model.get(key)?.expire).not.toBe(0);
    expect(seen.has(key)).toBe(false);
    seen.add(key);
  }

  // forEachSlot visits every live key exactly once.
  const walked: string[] = [];
  ks.forEachSlot((slot) => walked.push(ks.keyOf(slot)));
  expect(walked.sort()).toEqual([...model.keys()].sort());
}

describe('Keyspace against a Map model', () => {
  it('set / delete / expire / persist / clear keep keys, values, TTLs and counters', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 200, size: 'max' }), (ops) => {
        const ks = new Keyspace<Val>();
        const model = new Map<string, Entry>();
        for (const o of ops) {
          apply(ks, model, o);
          checkAgainstModel(ks, model);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('the hash index survives growth, shrinking and tombstones (many distinct keys)', () => {
    const bigKeyArb = fc.integer({ min: 0, max: 599 }).map((n) => `key:${n}`);
    const bulkArb = fc.record({ add: fc.boolean(), key: bigKeyArb, value: valArb });
    fc.assert(
      fc.property(fc.array(bulkArb, { minLength: 200, maxLength: 2000, size: 'max' }), (ops) => {
        const ks = new Keyspace<Val>();
        const model = new Map<string, Entry>();
        ops.forEach((o, i) => {
          if (o.add) apply(ks, model, { op: 'set', key: o.key, value: o.value, keepTtl: false });
          else apply(ks, model, { op: 'del', key: o.key });
          if (i % 97 === 0) checkAgainstModel(ks, model);
        });
        checkAgainstModel(ks, model);
        // Delete everything: the index shrinks back and still finds nothing.
        for (const key of [...model.keys()]) apply(ks, model, { op: 'del', key });
        checkAgainstModel(ks, model);
        expect(ks.slotOf('key:0')).toBe(-1);
      }),
      { numRuns: 40 },
    );
  });

  it('randomSlot and randomVolatileSlot only return live slots', () => {
    fc.assert(
      fc.property(
        fc.array(opArb, { maxLength: 150, size: 'max' }),
        fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { minLength: 1, maxLength: 64 }),
        (ops, draws) => {
          const ks = new Keyspace<Val>();
          const model = new Map<string, Entry>();
          let i = 0;
          const random = () => draws[i++ % draws.length];
          for (const o of ops) {
            apply(ks, model, o);
            const slot = ks.randomSlot(random);
            if (model.size === 0) expect(slot).toBe(-1);
            else expect(model.has(ks.keyOf(slot))).toBe(true);
            const vslot = ks.randomVolatileSlot(random);
            if (ks.expiresCount === 0) expect(vslot).toBe(-1);
            else expect(model.get(ks.keyOf(vslot))?.expire).not.toBe(0);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('randomSlot stays live on a sparse table (many holes)', () => {
    const ks = new Keyspace<Val>();
    for (let i = 0; i < 1000; i++) ks.set(`k${i}`, `v${i}`, 0);
    for (let i = 0; i < 999; i++) ks.delete(`k${i}`);
    // Every draw lands on a hole at first: the fallback walk must find k999.
    for (let n = 0; n < 50; n++) expect(ks.keyOf(ks.randomSlot(() => 0))).toBe('k999');
    ks.set('k0', 'v', 0); // reuses a free slot inside the table
    const found = new Set<string>();
    // Sampling on a table this sparse is biased, but both keys must show up.
    for (let n = 0; n < 5000 && found.size < 2; n++) found.add(ks.keyOf(ks.randomSlot()));
    expect([...found].sort()).toEqual(['k0', 'k999']);
  });
});

/** A SCAN iteration interleaved with writes. */
type ScanOp = { op: 'step'; count: number } | { op: 'add'; key: string } | { op: 'del'; key: string };

const scanKeyArb = fc.integer({ min: 0, max: 199 }).map((n) => `k${n}`);
const scanOpArb: fc.Arbitrary<ScanOp> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ op: fc.constant('step' as const), count: fc.integer({ min: 1, max: 12 }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('add' as const), key: scanKeyArb }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('del' as const), key: scanKeyArb }) },
);

describe('Keyspace.scan: the SCAN guarantee', () => {
  it('a full iteration returns every key present from start to end, and no key that never existed', () => {
    fc.assert(
      fc.property(fc.uniqueArray(scanKeyArb, { maxLength: 120, size: 'max' }), fc.array(scanOpArb, { maxLength: 300, size: 'max' }), (initial, ops) => {
        const ks = new Keyspace<Val>();
        for (const k of initial) ks.set(k, 'v', 0);
        const everPresent = new Set(initial);
        const removedDuring = new Set<string>();
        const visited = new Set<string>();
        const step = (count: number): number =>
          ks.scan(cursor, count, (slot) => {
            visited.add(ks.keyOf(slot));
          });

        let cursor = 0;
        let started = false;
        let done = false;
        for (const o of ops) {
          if (o.op === 'step') {
            cursor = step(o.count);
            started = true;
            if (cursor === 0) {
              done = true;
              break;
            }
          } else if (o.op === 'add') {
            ks.set(o.key, 'v', 0);
            everPresent.add(o.key);
          } else if (ks.delete(o.key)) {
            removedDuring.add(o.key);
          }
        }
        // Finish the iteration without further writes (bounded: each step advances).
        for (let guard = 0; !done && guard < 10000; guard++) {
          cursor = step(10);
          started = true;
          if (cursor === 0) done = true;
        }
        expect(started && done).toBe(true);

        for (const k of initial) if (!removedDuring.has(k)) expect(visited.has(k), `missed ${k}`).toBe(true);
        for (const k of visited) expect(everPresent.has(k), `phantom ${k}`).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('a step never returns 0 before the walk is complete, and visits at most COUNT keys', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 1, max: 20 }), (n, count) => {
        const ks = new Keyspace<Val>();
        for (let i = 0; i < n; i++) ks.set(`k${i}`, `v${i}`, 0);
        let cursor = 0;
        const seen: string[] = [];
        let calls = 0;
        do {
          let inStep = 0;
          cursor = ks.scan(cursor, count, (slot) => {
            inStep++;
            seen.push(ks.keyOf(slot));
          });
          expect(inStep).toBeLessThanOrEqual(count);
          calls++;
        } while (cursor !== 0 && calls < 10000);
        // With no writes, every key exactly once.
        expect(seen.length).toBe(n);
        expect(new Set(seen).size).toBe(n);
      }),
      { numRuns: 100 },
    );
  });

  it('a cursor past the end (e.g. after mass deletion shrank the table) ends the walk', () => {
    const ks = new Keyspace<Val>();
    for (let i = 0; i < 100; i++) ks.set(`k${i}`, `v${i}`, 0);
    let cursor = ks.scan(0, 50, () => undefined);
    expect(cursor).toBeGreaterThan(0);
    for (let i = 10; i < 100; i++) ks.delete(`k${i}`);
    const rest: string[] = [];
    cursor = ks.scan(cursor, 50, (slot) => rest.push(ks.keyOf(slot)));
    expect(cursor).toBe(0);
    expect(rest).toEqual([]);
  });
});
