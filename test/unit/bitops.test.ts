/**
 * datatypes/bitops.ts and datatypes/lcs.ts against naive models: every
 * helper is checked bit by bit on random inputs (fast-check), plus the
 * Redis quirks the models have to spell out (int64 wrap inside the
 * BITFIELD overflow checks).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  applyFieldWrite,
  bitop,
  bitpos,
  checkSignedOverflow,
  checkUnsignedOverflow,
  getBit,
  getSignedField,
  getUnsignedField,
  popcount,
  setBit,
  setField,
  type BitOp,
  type Overflow,
} from '../../datatypes/bitops.js';
import { lcs, lcsTableBytes } from '../../datatypes/lcs.js';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/* ---------- naive models: a bitmap as an array of 0/1, MSB of byte 0 first ---------- */

function toBits(p: Uint8Array): number[] {
  const out: number[] = [];
  for (const b of p) for (let k = 7; k >= 0; k--) out.push((b >> k) & 1);
  return out;
}

function fromBits(bits: number[]): Uint8Array {
  const out = new Uint8Array(Math.ceil(bits.length / 8));
  bits.forEach((b, i) => {
    if (b) out[i >> 3] |= 1 << (7 - (i & 7));
  });
  return out;
}

function naiveUnsigned(bits: number[], offset: number, width: number): bigint {
  let v = 0n;
  for (let i = 0; i < width; i++) v = (v << 1n) | BigInt(bits[offset + i] ?? 0);
  return v;
}

/** Redis's overflow semantics, written as plain arithmetic on true (unbounded) sums. */
function naiveOverflow(signed: boolean, value: bigint, incr: bigint, width: number, ow: Overflow): { overflow: number; limit: bigint } {
  const w = BigInt(width);
  const max = signed ? (1n << (w - 1n)) - 1n : (1n << w) - 1n;
  const min = signed ? -max - 1n : 0n;
  const sum = value + incr;
  let overflow = sum > max ? 1 : sum < min ? -1 : 0;
  // Quirk: a signed value so far below the field's minimum that max-value
  // does not fit an int64 is reported as an overflow *upwards* (C wrap).
  if (signed && width < 64 && incr === 0n && max - value > INT64_MAX) overflow = 1;
  if (overflow === 0) return { overflow: 0, limit: 0n };
  const mod = 1n << w;
  const wrapped = signed ? BigInt.asIntN(width, sum) : ((sum % mod) + mod) % mod;
  const limit = ow === 'wrap' ? wrapped : overflow > 0 ? max : min;
  return { overflow, limit };
}

const bytesArb = fc.uint8Array({ maxLength: 64 });
const int64Arb = fc.oneof(
  fc.bigInt({ min: INT64_MIN, max: INT64_MAX }),
  fc.bigInt({ min: -1000n, max: 1000n }),
  fc.constantFrom(INT64_MIN, INT64_MAX, 0n, -1n, 1n, INT64_MIN + 1n, INT64_MAX - 1n),
);
const owArb = fc.constantFrom<Overflow>('wrap', 'sat', 'fail');

describe('popcount / bitpos / single bits', () => {
  it('popcount matches counting bits one by one, on any range and alignment', () => {
    fc.assert(
      fc.property(bytesArb, fc.nat(7), fc.nat(), fc.nat(), (u, shift, x, y) => {
        // A view at an odd byteOffset exercises the unaligned prefix.
        const backing = new Uint8Array(u.length + shift);
        backing.set(u, shift);
        const p = backing.subarray(shift);
        const start = u.length === 0 ? 0 : x % (u.length + 1);
        const end = start + (u.length === 0 ? 0 : y % (u.length - start + 1));
        const naive = toBits(p.subarray(start, end)).filter((b) => b === 1).length;
        expect(popcount(p, start, end)).toBe(naive);
      }),
    );
  });

  it('bitpos finds the first bit, or -1 / count*8 when there is none', () => {
    fc.assert(
      fc.property(bytesArb, fc.constantFrom<0 | 1>(0, 1), fc.nat(), fc.nat(), (p, bit, x, y) => {
        const start = p.length === 0 ? 0 : x % (p.length + 1);
        const count = p.length === 0 ? 0 : y % (p.length - start + 1);
        const bits = toBits(p.subarray(start, start + count));
        const i = bits.indexOf(bit);
        const expected = i >= 0 ? i : bit ? -1 : count * 8;
        expect(bitpos(p, start, count, bit)).toBe(expected);
      }),
    );
  });

  it('bitpos on runs of 0xff and 0x00', () => {
    expect(bitpos(new Uint8Array([0xff, 0xff, 0xf0]), 0, 3, 0)).toBe(20);
    expect(bitpos(new Uint8Array([0xff, 0xff]), 0, 2, 0)).toBe(16);
    expect(bitpos(new Uint8Array([0, 0, 1]), 0, 3, 1)).toBe(23);
    expect(bitpos(new Uint8Array([0, 0]), 0, 2, 1)).toBe(-1);
    expect(bitpos(new Uint8Array([]), 0, 0, 0)).toBe(0);
  });

  it('getBit / setBit agree with the bit-array model, including offsets past 2^31', () => {
    fc.assert(
      fc.property(bytesArb, fc.nat(600), fc.constantFrom<0 | 1>(0, 1), (u, off, on) => {
        const p = new Uint8Array(Math.max(u.length, (off >> 3) + 1));
        p.set(u);
        const model = toBits(p);
        expect(getBit(p, off)).toBe(model[off]);
        setBit(p, off, on);
        model[off] = on;
        expect(toBits(p)).toEqual(model);
      }),
    );
    // 2^32 + 9: byte 2^29 + 1, bit 1. Only the arithmetic is checked (no 512 MB buffer).
    const off = 2 ** 32 + 9;
    expect((off - (off & 7)) / 8).toBe(2 ** 29 + 1);
    expect(off & 7).toBe(1);
    expect(getBit(new Uint8Array(4), off)).toBe(0); // beyond the end reads 0
  });
});

describe('BITFIELD fields', () => {
  it('getUnsignedField / getSignedField read MSB-first, zero past the end', () => {
    fc.assert(
      fc.property(bytesArb, fc.nat(540), fc.integer({ min: 1, max: 64 }), (p, offset, width) => {
        const bits = toBits(p);
        const u = naiveUnsigned(bits, offset, width);
        expect(getUnsignedField(p, offset, width)).toBe(u);
        const s = u >= 1n << BigInt(width - 1) ? u - (1n << BigInt(width)) : u;
        expect(getSignedField(p, offset, width)).toBe(s);
      }),
    );
  });

  it('setField writes the low bits of the value and nothing else', () => {
    fc.assert(
      fc.property(bytesArb, fc.nat(200), fc.integer({ min: 1, max: 64 }), int64Arb, (u, offset, width, value) => {
        const p = new Uint8Array(Math.max(u.length, Math.ceil((offset + width) / 8)));
        p.set(u);
        const model = toBits(p);
        const low = BigInt.asUintN(width, value);
        for (let i = 0; i < width; i++) model[offset + i] = Number((low >> BigInt(width - 1 - i)) & 1n);
        setField(p, offset, width, value);
        expect(toBits(p)).toEqual(model);
        expect(getUnsignedField(p, offset, width)).toBe(low);
      }),
    );
  });

  it('unsigned overflow checks match the model (INCRBY from an in-range value)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 63 }), fc.bigInt({ min: 0n, max: INT64_MAX }), int64Arb, owArb, (width, raw, incr, ow) => {
        const value = raw % (1n << BigInt(width)); // an old value is always in range
        const got = checkUnsignedOverflow(value, incr, width, ow);
        const want = naiveOverflow(false, value, incr, width, ow);
        expect(got.overflow).toBe(want.overflow);
        if (ow !== 'fail' && want.overflow !== 0) expect(got.limit).toBe(want.limit);
      }),
    );
  });

  it('unsigned SET sees negative values as huge uint64 (overflow upwards)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 63 }), int64Arb, owArb, (width, v, ow) => {
        const got = checkUnsignedOverflow(BigInt.asUintN(64, v), 0n, width, ow);
        const want = naiveOverflow(false, BigInt.asUintN(64, v), 0n, width, ow);
        expect(got.overflow).toBe(want.overflow);
        if (ow !== 'fail' && want.overflow !== 0) expect(got.limit).toBe(want.limit);
      }),
    );
    expect(checkUnsignedOverflow(BigInt.asUintN(64, -1n), 0n, 8, 'sat')).toEqual({ overflow: 1, limit: 255n });
    expect(checkUnsignedOverflow(BigInt.asUintN(64, -1n), 0n, 8, 'wrap')).toEqual({ overflow: 1, limit: 255n });
  });

  it('signed overflow checks match the model, INCRBY and SET', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 64 }), int64Arb, int64Arb, owArb, fc.boolean(), (width, a, b, ow, isSet) => {
        // INCRBY: the old value is in the field's range; SET: any int64 with incr 0.
        const value = isSet ? a : BigInt.asIntN(width, a);
        const incr = isSet ? 0n : b;
        const got = checkSignedOverflow(value, incr, width, ow);
        const want = naiveOverflow(true, value, incr, width, ow);
        expect(got.overflow).toBe(want.overflow);
        if (ow !== 'fail' && want.overflow !== 0) expect(got.limit).toBe(want.limit);
      }),
    );
  });

  it('signed quirk: SET i8 -2^63 saturates to +127 (C int64 wrap in max-value)', () => {
    expect(checkSignedOverflow(INT64_MIN, 0n, 8, 'sat')).toEqual({ overflow: 1, limit: 127n });
    expect(checkSignedOverflow(-1000n, 0n, 8, 'sat')).toEqual({ overflow: -1, limit: -128n });
    expect(checkSignedOverflow(INT64_MAX, 1n, 64, 'sat')).toEqual({ overflow: 1, limit: INT64_MAX });
    expect(checkSignedOverflow(INT64_MIN, -1n, 64, 'wrap')).toEqual({ overflow: -1, limit: INT64_MAX });
  });

  it('applyFieldWrite: replies and FAIL leave the bits alone', () => {
    const p = new Uint8Array(2);
    expect(applyFieldWrite(p, { signed: false, bits: 8, offset: 0, value: 200n, incr: false, overflow: 'wrap' })).toEqual({
      reply: 0n,
      changed: true,
    });
    expect(applyFieldWrite(p, { signed: false, bits: 8, offset: 0, value: 100n, incr: true, overflow: 'fail' })).toEqual({
      reply: null,
      changed: false,
    });
    expect(p[0]).toBe(200);
    expect(applyFieldWrite(p, { signed: false, bits: 8, offset: 0, value: 100n, incr: true, overflow: 'sat' })).toEqual({
      reply: 255n,
      changed: true,
    });
    expect(applyFieldWrite(p, { signed: true, bits: 8, offset: 0, value: 1n, incr: true, overflow: 'wrap' })).toEqual({
      reply: 0n,
      changed: true,
    });
    expect(applyFieldWrite(p, { signed: true, bits: 4, offset: 4, value: 0n, incr: false, overflow: 'wrap' })).toEqual({
      reply: 0n,
      changed: false,
    });
  });
});

describe('BITOP', () => {
  it('matches a per-byte model with zero padding', () => {
    const opArb = fc.constantFrom<BitOp>('and', 'or', 'xor', 'not');
    fc.assert(
      fc.property(opArb, fc.array(bytesArb, { minLength: 1, maxLength: 4 }), (op, srcs) => {
        const sources = op === 'not' ? srcs.slice(0, 1) : srcs;
        const maxlen = Math.max(...sources.map((s) => s.length));
        const want = new Uint8Array(maxlen);
        for (let i = 0; i < maxlen; i++) {
          const bytes = sources.map((s) => s[i] ?? 0);
          if (op === 'not') want[i] = ~bytes[0] & 0xff;
          else if (op === 'and') want[i] = bytes.reduce((x, y) => x & y);
          else if (op === 'or') want[i] = bytes.reduce((x, y) => x | y);
          else want[i] = bytes.reduce((x, y) => x ^ y);
        }
        expect(new Uint8Array(bitop(op, sources))).toEqual(want);
      }),
    );
  });
});

describe('LCS', () => {
  const strArb = fc.array(fc.constantFrom('a', 'b', 'c', '\x00', '\xff'), { maxLength: 24 }).map((a) => a.join(''));

  function naiveLen(a: string, b: string): number {
    const t: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
    for (let i = 1; i <= a.length; i++)
      for (let j = 1; j <= b.length; j++) t[i][j] = a[i - 1] === b[j - 1] ? t[i - 1][j - 1] + 1 : Math.max(t[i - 1][j], t[i][j - 1]);
    return t[a.length][b.length];
  }

  function isSubsequence(s: string, of: string): boolean {
    let k = 0;
    for (let i = 0; i < of.length && k < s.length; i++) if (of[i] === s[k]) k++;
    return k === s.length;
  }

  it('finds a common subsequence of maximal length, and consistent ranges', () => {
    fc.assert(
      fc.property(strArb, strArb, (a, b) => {
        const r = lcs(a, b, { wantString: true, wantMatches: true, minMatchLen: 0 });
        expect(r.len).toBe(naiveLen(a, b));
        expect(r.str.length).toBe(r.len);
        expect(isSubsequence(r.str, a) && isSubsequence(r.str, b)).toBe(true);
        let total = 0;
        let prevA = a.length;
        for (const m of r.matches) {
          expect(a.slice(m.a[0], m.a[1] + 1)).toBe(b.slice(m.b[0], m.b[1] + 1));
          expect(m.len).toBe(m.a[1] - m.a[0] + 1);
          expect(m.a[1]).toBeLessThan(prevA); // last ranges first
          prevA = m.a[0];
          total += m.len;
        }
        expect(total).toBe(r.len);
      }),
    );
  });

  it('filters ranges by MINMATCHLEN and reproduces Redis example', () => {
    const r = lcs('ohmytext', 'mynewtext', { wantString: true, wantMatches: true, minMatchLen: 0 });
    expect(r.str).toBe('mytext');
    expect(r.matches).toEqual([
      { a: [4, 7], b: [5, 8], len: 4 },
      { a: [2, 3], b: [0, 1], len: 2 },
    ]);
    const f = lcs('ohmytext', 'mynewtext', { wantString: false, wantMatches: true, minMatchLen: 4 });
    expect(f.matches).toEqual([{ a: [4, 7], b: [5, 8], len: 4 }]);
    expect(lcsTableBytes(600, 600)).toBe(601 * 601 * 4);
  });
});

describe('naive model helpers', () => {
  it('round-trip bits', () => {
    fc.assert(
      fc.property(bytesArb, (p) => {
        expect(fromBits(toBits(p))).toEqual(p);
      }),
    );
  });
});
