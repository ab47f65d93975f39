/**
 * Pure bit-level helpers behind the bitmap commands (Redis's bitops.c):
 * population count, first set/clear bit, BITFIELD integer fields with
 * WRAP / SAT / FAIL overflow, and the BITOP combinators.
 *
 * Bits are numbered as Redis numbers them: bit 0 is the most significant
 * bit of byte 0. Offsets are plain numbers (a bitmap holds at most
 * proto-max-bulk-len bytes), so these helpers never use `>>` on an offset,
 * which would truncate it to 32 bits; `& 7` is safe on any integer below
 * 2^53 because 2^32 is a multiple of 8.
 *
 * BITFIELD values are bigints: fields go up to i64 / u63 and Redis's
 * overflow rules are written in terms of C int64/uint64 wrap-around, which
 * `BigInt.asIntN` / `asUintN` reproduce exactly.
 */

/* ------------------------------------------------------------------------ */
/* Population count and bit search                                         */
/* ------------------------------------------------------------------------ */

function popcount32(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** Number of set bits in p[start, end) (Redis's redisPopcount). */
export function popcount(p: Uint8Array, start = 0, end = p.length): number {
  let count = 0;
  let i = start;
  // Bytes until the absolute address is 4-aligned, then whole words.
  while (i < end && ((p.byteOffset + i) & 3) !== 0) count += popcount32(p[i++]);
  const words = (end - i) >>> 2;
  if (words > 0) {
    const w = new Uint32Array(p.buffer, p.byteOffset + i, words);
    for (let k = 0; k < words; k++) count += popcount32(w[k]);
    i += words * 4;
  }
  while (i < end) count += popcount32(p[i++]);
  return count;
}

/**
 * Redis's redisBitpos over p[start, start+count): the position (relative
 * to `start`, in bits) of the first bit equal to `bit`. When there is none:
 * -1 when looking for a 1, and count*8 (the first bit past the range) when
 * looking for a 0, as if the string were followed by zero bytes.
 */
export function bitpos(p: Uint8Array, start: number, count: number, bit: 0 | 1): number {
  const skip = bit ? 0 : 0xff; // bytes that cannot contain what we look for
  const end = start + count;
  for (let i = start; i < end; i++) {
    const b = p[i];
    if (b === skip) continue;
    // Clz of the byte (or its complement) finds the bit, MSB first.
    const v = bit ? b : ~b & 0xff;
    return (i - start) * 8 + (Math.clz32(v) - 24);
  }
  return bit ? -1 : count * 8;
}

/* ------------------------------------------------------------------------ */
/* Single bits                                                              */
/* ------------------------------------------------------------------------ */

/** Bit `offset` of p (0 beyond the end). */
export function getBit(p: Uint8Array, offset: number): 0 | 1 {
  const byte = (offset - (offset & 7)) / 8;
  if (byte >= p.length) return 0;
  return ((p[byte] >> (7 - (offset & 7))) & 1) as 0 | 1;
}

/** Set bit `offset` of p (which must be long enough) to `on`. */
export function setBit(p: Uint8Array, offset: number, on: 0 | 1): void {
  const byte = (offset - (offset & 7)) / 8;
  const mask = 1 << (7 - (offset & 7));
  p[byte] = on ? p[byte] | mask : p[byte] & ~mask;
}

/* ------------------------------------------------------------------------ */
/* BITFIELD integer fields                                                  */
/* ------------------------------------------------------------------------ */

/**
 * The unsigned integer made of `bits` bits (1..64) starting at bit
 * `offset`, MSB first. Bytes past the end of p read as zero.
 */
export function getUnsignedField(p: Uint8Array, offset: number, bits: number): bigint {
  // Accumulate in two 32-bit halves to keep bigint work to one combine.
  let hi = 0;
  let lo = 0;
  for (let i = 0; i < bits; i++) {
    const pos = offset + i;
    const byte = (pos - (pos & 7)) / 8;
    const b = byte < p.length ? (p[byte] >> (7 - (pos & 7))) & 1 : 0;
    hi = ((hi << 1) | (lo >>> 31)) >>> 0;
    lo = ((lo << 1) | b) >>> 0;
  }
  return bits > 32 ? (BigInt(hi) << 32n) | BigInt(lo) : BigInt(lo);
}

/** The field read as two's complement (sign bit = its first bit). */
export function getSignedField(p: Uint8Array, offset: number, bits: number): bigint {
  return BigInt.asIntN(bits, getUnsignedField(p, offset, bits));
}

/** Store the low `bits` bits of `value` at bit `offset` (p must be long enough). */
export function setField(p: Uint8Array, offset: number, bits: number, value: bigint): void {
  const u = BigInt.asUintN(64, value);
  const lo = Number(u & 0xffffffffn);
  const hi = Number(u >> 32n);
  for (let i = 0; i < bits; i++) {
    const j = bits - 1 - i; // bit of value written at offset+i
    const b = j >= 32 ? (hi >>> (j - 32)) & 1 : (lo >>> j) & 1;
    const pos = offset + i;
    const byte = (pos - (pos & 7)) / 8;
    const mask = 1 << (7 - (pos & 7));
    p[byte] = b ? p[byte] | mask : p[byte] & ~mask;
  }
}

export type Overflow = 'wrap' | 'sat' | 'fail';

/**
 * Outcome of an overflow check: `overflow` is 0 (fits), 1 (above the
 * maximum) or -1 (below the minimum); `limit` is the value to store
 * instead (wrapped or saturated; meaningless for FAIL).
 */
export interface OverflowCheck {
  overflow: -1 | 0 | 1;
  limit: bigint;
}

const NO_OVERFLOW: OverflowCheck = { overflow: 0, limit: 0n };

/**
 * Redis's checkUnsignedBitfieldOverflow for `value + incr` in a u`bits`
 * field. `value` is a uint64 (a SET value arrives as its int64 bit pattern,
 * so -1 is 2^64-1 and overflows upward), `incr` an int64.
 */
export function checkUnsignedOverflow(value: bigint, incr: bigint, bits: number, ow: Overflow): OverflowCheck {
  const max = (1n << BigInt(bits)) - 1n;
  const maxincr = BigInt.asIntN(64, max - value);
  const minincr = BigInt.asIntN(64, -value);
  const wrap = (): bigint => BigInt.asUintN(64, value + incr) & max;
  if (value > max || (incr > 0n && incr > maxincr)) {
    return { overflow: 1, limit: ow === 'wrap' ? wrap() : max };
  }
  if (incr < 0n && incr < minincr) {
    return { overflow: -1, limit: ow === 'wrap' ? wrap() : 0n };
  }
  return NO_OVERFLOW;
}

/**
 * Redis's checkSignedBitfieldOverflow for `value + incr` in an i`bits`
 * field, both int64. The intermediate differences wrap as int64 exactly as
 * in C: that is why, for example, SET i8 with -2^63 saturates to +127.
 */
export function checkSignedOverflow(value: bigint, incr: bigint, bits: number, ow: Overflow): OverflowCheck {
  const max = (1n << BigInt(bits - 1)) - 1n;
  const min = -max - 1n;
  const maxincr = BigInt.asIntN(64, max - value);
  const minincr = BigInt.asIntN(64, min - value);
  const wide = bits === 64;
  const wrap = (): bigint => BigInt.asIntN(bits, value + incr);
  if (value > max || (!wide && incr > maxincr) || (value >= 0n && incr > 0n && incr > maxincr)) {
    return { overflow: 1, limit: ow === 'wrap' ? wrap() : max };
  }
  if (value < min || (!wide && incr < minincr) || (value < 0n && incr < 0n && incr < minincr)) {
    return { overflow: -1, limit: ow === 'wrap' ? wrap() : min };
  }
  return NO_OVERFLOW;
}

/** One BITFIELD SET or INCRBY on a field. */
export interface FieldWrite {
  signed: boolean;
  bits: number;
  offset: number;
  /** SET: the value (int64); INCRBY: the increment. */
  value: bigint;
  incr: boolean;
  overflow: Overflow;
}

/**
 * Result of a SET / INCRBY: `reply` is what Redis answers (the old value
 * for SET, the new one for INCRBY; null when FAIL refused the write),
 * `changed` whether the stored bits differ afterwards.
 */
export interface FieldWriteResult {
  reply: bigint | null;
  changed: boolean;
}

/**
 * Apply a BITFIELD SET or INCRBY to p in place (p must hold the field),
 * following bitfieldGeneric's arithmetic, including the uint64 wrap of an
 * unsigned INCRBY before its overflow check.
 */
export function applyFieldWrite(p: Uint8Array, op: FieldWrite): FieldWriteResult {
  const { signed, bits, offset, value, overflow } = op;
  const oldval = signed ? getSignedField(p, offset, bits) : getUnsignedField(p, offset, bits);
  let newval: bigint;
  let reply: bigint;
  let check: OverflowCheck;
  if (signed) {
    if (op.incr) {
      check = checkSignedOverflow(oldval, value, bits, overflow);
      newval = check.overflow ? check.limit : oldval + value;
      reply = newval;
    } else {
      check = checkSignedOverflow(value, 0n, bits, overflow);
      newval = check.overflow ? check.limit : value;
      reply = oldval;
    }
  } else if (op.incr) {
    check = checkUnsignedOverflow(oldval, value, bits, overflow);
    newval = check.overflow ? check.limit : BigInt.asUintN(64, oldval + value);
    reply = newval;
  } else {
    const v = BigInt.asUintN(64, value);
    check = checkUnsignedOverflow(v, 0n, bits, overflow);
    newval = check.overflow ? check.limit : v;
    reply = oldval;
  }
  if (check.overflow !== 0 && overflow === 'fail') return { reply: null, changed: false };
  setField(p, offset, bits, newval);
  return { reply, changed: oldval !== newval };
}

/* ------------------------------------------------------------------------ */
/* BITOP                                                                    */
/* ------------------------------------------------------------------------ */

export type BitOp = 'and' | 'or' | 'xor' | 'not';

/**
 * BITOP over `sources` (a missing key is an empty array): the result is as
 * long as the longest source, shorter sources are padded with zero bytes.
 * NOT takes exactly one source. Returns an empty array when every source
 * is empty.
 */
export function bitop(op: BitOp, sources: readonly Uint8Array[]): Buffer {
  let maxlen = 0;
  for (const s of sources) if (s.length > maxlen) maxlen = s.length;
  const res = Buffer.alloc(maxlen);
  if (maxlen === 0) return res;
  const first = sources[0];
  switch (op) {
    case 'not':
      for (let i = 0; i < first.length; i++) res[i] = ~first[i] & 0xff;
      break;
    case 'and':
      res.set(first); // the zero padding already clears the tail
      for (let k = 1; k < sources.length; k++) {
        const s = sources[k];
        const n = s.length;
        for (let i = 0; i < n; i++) res[i] &= s[i];
        if (n < maxlen) res.fill(0, n);
      }
      break;
    case 'or':
      for (const s of sources) for (let i = 0; i < s.length; i++) res[i] |= s[i];
      break;
    case 'xor':
      for (const s of sources) for (let i = 0; i < s.length; i++) res[i] ^= s[i];
      break;
  }
  return res;
}
