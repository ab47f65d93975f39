/**
 * Number parsing and formatting with the exact semantics of Redis 7.0.15.
 *
 * All strings are latin1 byte strings. Sections:
 *  1. 64-bit integers (string2ll and friends).
 *  2. A strtod/strtold scanner shared by the float parsers.
 *  3. Exact binary rounding (BigInt) parameterised by float format, used for
 *     hex floats and for the x87 80-bit `long double` emulation.
 *  4. Doubles: getDoubleFromObject, zslParseRange, "%.17g" replies, d2string.
 *  5. long double: string2ld, addition, ld2string(LD_STR_HUMAN),
 *     INCRBYFLOAT / HINCRBYFLOAT.
 */

/* ------------------------------------------------------------------------ */
/* 1. Integers                                                              */
/* ------------------------------------------------------------------------ */

export const INT64_MIN = -(2n ** 63n);
export const INT64_MAX = 2n ** 63n - 1n;

/** Redis' LONG_STR_SIZE: string2ll rejects inputs of this length or more. */
const LONG_STR_SIZE = 21;

const CH_0 = 48;
const CH_1 = 49;
const CH_9 = 57;
const CH_MINUS = 45;
const CH_PLUS = 43;
const CH_DOT = 46;

function isDigit(c: number): boolean {
  return c >= CH_0 && c <= CH_9;
}

/**
 * Hot-path integer parse. Returns the value when `s` is a valid int64 under
 * string2ll rules AND fits in ±(2^53-1); otherwise null, in which case the
 * caller should fall back to `parseInt64` to tell "big" from "invalid".
 * Rules: optional '-', no '+', no spaces, no leading zeros, "-0" invalid.
 */
export function parseSafeInt(s: string): number | null {
  const n = s.length;
  // 17 chars = '-' plus 16 digits; anything longer is beyond 2^53.
  if (n === 0 || n > 17) return null;
  let i = 0;
  let c = s.charCodeAt(0);
  const neg = c === CH_MINUS;
  if (neg) {
    if (n === 1) return null;
    i = 1;
    c = s.charCodeAt(1);
  }
  if (c === CH_0) return n === 1 ? 0 : null; // only a bare "0" may start with 0
  if (c < CH_1 || c > CH_9) return null;
  let v = c - CH_0;
  for (i++; i < n; i++) {
    c = s.charCodeAt(i);
    if (c < CH_0 || c > CH_9) return null;
    v = v * 10 + (c - CH_0); // exact while <= 2^53; beyond, we return null
  }
  if (v > Number.MAX_SAFE_INTEGER) return null;
  return neg ? -v : v;
}

/** Redis string2ll(): the full int64 parse (same syntax as parseSafeInt). */
export function parseInt64(s: string): bigint | null {
  const fast = parseSafeInt(s);
  if (fast !== null) return BigInt(fast);
  const n = s.length;
  if (n === 0 || n >= LONG_STR_SIZE) return null;
  const start = s.charCodeAt(0) === CH_MINUS ? 1 : 0;
  if (start === n) return null;
  const first = s.charCodeAt(start);
  if (first < CH_1 || first > CH_9) return null;
  for (let i = start + 1; i < n; i++) {
    if (!isDigit(s.charCodeAt(i))) return null;
  }
  const v = BigInt(s); // only '-' and digits remain, BigInt accepts them
  return v < INT64_MIN || v > INT64_MAX ? null : v;
}

/** True if a bigint fits a C long long. */
export function isInt64(v: bigint): boolean {
  return v >= INT64_MIN && v <= INT64_MAX;
}

/** a + b, or null when the C long long addition would overflow (INCRBY). */
export function addInt64(a: bigint, b: bigint): bigint | null {
  const r = a + b;
  return isInt64(r) ? r : null;
}

/** Redis ll2string(): plain decimal, no '+', "-" for negatives. */
export function ll2string(v: number | bigint): string {
  return String(v);
}

/* ------------------------------------------------------------------------ */
/* 2. strtod / strtold syntax scanner (glibc, "C" locale)                   */
/* ------------------------------------------------------------------------ */

/** Parsed shape of a C floating literal; value is computed separately. */
interface FloatSyntax {
  kind: 'dec' | 'hex' | 'inf' | 'nan';
  neg: boolean;
  /** Mantissa digits (base 10 or 16) with the radix point removed. */
  digits: string;
  /** How many of `digits` came after the radix point. */
  fracDigits: number;
  /** Explicit exponent (power of 10 for dec, of 2 for hex), saturated. */
  exp: number;
  /** Index just past the consumed text. */
  end: number;
}

/** Exponents beyond this are saturated: every format over/underflows anyway. */
const EXP_SATURATION = 1e9;

/** C isspace() in the "C" locale: space, \t, \n, \v, \f, \r. */
function isCSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

function hexValue(c: number): number {
  if (c >= CH_0 && c <= CH_9) return c - CH_0;
  const l = c | 0x20;
  return l >= 97 && l <= 102 ? l - 87 : -1;
}

/** Case-insensitive ASCII comparison of `word` (lowercase) at `i`. */
function matchWord(s: string, i: number, word: string): boolean {
  if (i + word.length > s.length) return false;
  for (let k = 0; k < word.length; k++) {
    if ((s.charCodeAt(i + k) | 0x20) !== word.charCodeAt(k)) return false;
  }
  return true;
}

/** Scan an optional exponent "<marker>[sign]digits" at `i`; {exp,end}. */
function scanExponent(s: string, i: number, marker: number): { exp: number; end: number } {
  if (i >= s.length || (s.charCodeAt(i) | 0x20) !== marker) return { exp: 0, end: i };
  let j = i + 1;
  const sign = j < s.length ? s.charCodeAt(j) : 0;
  if (sign === CH_PLUS || sign === CH_MINUS) j++;
  if (j >= s.length || !isDigit(s.charCodeAt(j))) return { exp: 0, end: i }; // "1e" stops before e
  let v = 0;
  for (; j < s.length && isDigit(s.charCodeAt(j)); j++) {
    v = Math.min(v * 10 + (s.charCodeAt(j) - CH_0), EXP_SATURATION);
  }
  return { exp: sign === CH_MINUS ? -v : v, end: j };
}

/** Scan a run of digits (hex or decimal) with an optional single point. */
function scanMantissa(s: string, i: number, hex: boolean): { digits: string; frac: number; end: number } {
  let digits = '';
  let frac = -1;
  let j = i;
  for (; j < s.length; j++) {
    const c = s.charCodeAt(j);
    if (c === CH_DOT && frac < 0) {
      frac = 0;
      continue;
    }
    if (hex ? hexValue(c) < 0 : !isDigit(c)) break;
    digits += s[j];
    if (frac >= 0) frac++;
  }
  return { digits, frac: Math.max(frac, 0), end: j };
}

/** "inf"/"infinity"/"nan"/"nan(chars)" after the sign, or null. */
function scanSpecial(s: string, i: number, neg: boolean): FloatSyntax | null {
  const base = { neg, digits: '', fracDigits: 0, exp: 0 };
  if (matchWord(s, i, 'inf')) {
    const end = matchWord(s, i + 3, 'inity') ? i + 8 : i + 3;
    return { ...base, kind: 'inf', end };
  }
  if (!matchWord(s, i, 'nan')) return null;
  let end = i + 3;
  if (end < s.length && s.charCodeAt(end) === 40 /* ( */) {
    let j = end + 1;
    while (j < s.length && /[0-9A-Za-z_]/.test(s[j] ?? '')) j++;
    if (j < s.length && s.charCodeAt(j) === 41 /* ) */) end = j + 1;
  }
  return { ...base, kind: 'nan', end };
}

/** True if "0x" at `i` is followed by a hex digit or ".<hexdigit>". */
function startsHex(s: string, i: number): boolean {
  if (s.charCodeAt(i) !== CH_0 || (s.charCodeAt(i + 1) | 0x20) !== 120 /* x */) return false;
  const c = s.charCodeAt(i + 2);
  if (hexValue(c) >= 0) return true;
  return c === CH_DOT && hexValue(s.charCodeAt(i + 3)) >= 0;
}

/**
 * Scan the longest strtod-acceptable literal starting exactly at `i`
 * (whitespace is the caller's business). Returns null when strtod would
 * perform no conversion.
 */
function scanFloat(s: string, i: number): FloatSyntax | null {
  const c = s.charCodeAt(i);
  const neg = c === CH_MINUS;
  if (neg || c === CH_PLUS) i++;
  const special = scanSpecial(s, i, neg);
  if (special) return special;
  const hex = startsHex(s, i);
  const m = scanMantissa(s, hex ? i + 2 : i, hex);
  if (m.digits.length === 0) return null;
  const e = scanExponent(s, m.end, hex ? 112 /* p */ : 101 /* e */);
  return { kind: hex ? 'hex' : 'dec', neg, digits: m.digits, fracDigits: m.frac, exp: e.exp, end: e.end };
}

/* ------------------------------------------------------------------------ */
/* 3. Exact binary rounding                                                 */
/* ------------------------------------------------------------------------ */

/** An IEEE-style binary format: precision and exponent limits. */
interface BinFormat {
  /** Significand bits. */
  prec: number;
  /** Exponent of the least significant bit of the smallest subnormal. */
  minExp: number;
  /** Values >= 2^maxExp overflow to infinity. */
  maxExp: number;
  /** Decimal bounds: >= 10^maxDec surely overflows, < 10^minDec surely rounds to 0. */
  maxDec: number;
  minDec: number;
}

const DOUBLE_FMT: BinFormat = { prec: 53, minExp: -1074, maxExp: 1024, maxDec: 309, minDec: -324 };
/** x87 80-bit extended precision, the x86-64 Linux `long double`. */
const EXTENDED_FMT: BinFormat = { prec: 64, minExp: -16445, maxExp: 16384, maxDec: 4933, minDec: -4951 };

/** |value| = m * 2^e (m = 0n for zero), or a range failure. */
type Rounded = { kind: 'num'; m: bigint; e: number } | { kind: 'overflow' } | { kind: 'underflow' };

const OVERFLOW: Rounded = { kind: 'overflow' };
const UNDERFLOW: Rounded = { kind: 'underflow' };

function bitLength(x: bigint): number {
  if (x === 0n) return 0;
  const h = x.toString(16);
  return (h.length - 1) * 4 + (32 - Math.clz32(parseInt(h[0] ?? '0', 16)));
}

/**
 * Round n * 2^e (plus an infinitesimal when `sticky`) to format `f` with
 * round-half-even, honouring subnormals and overflow. Callers that pass
 * `sticky` guarantee at least two bits are dropped.
 */
function roundBinary(n: bigint, e: number, sticky: boolean, f: BinFormat): Rounded {
  if (n === 0n) return { kind: 'num', m: 0n, e: 0 };
  const bl = bitLength(n);
  const lsb = Math.max(e + bl - f.prec, f.minExp);
  if (lsb <= e) return e + bl > f.maxExp ? OVERFLOW : { kind: 'num', m: n, e };
  const shift = lsb - e;
  if (shift > bl) return UNDERFLOW; // below half the smallest subnormal
  const sh = BigInt(shift);
  let m = n >> sh;
  const rem = n - (m << sh);
  const half = 1n << (sh - 1n);
  if (rem > half || (rem === half && (sticky || (m & 1n) === 1n))) m += 1n;
  if (m === 0n) return UNDERFLOW;
  let e2 = lsb;
  if (bitLength(m) > f.prec) {
    m >>= 1n; // rounding carried into a new bit: 2^prec -> 2^(prec-1) * 2
    e2++;
  }
  if (e2 + bitLength(m) > f.maxExp) return OVERFLOW;
  return { kind: 'num', m, e: e2 };
}

/** Correctly rounded D * 10^x for a decimal digit string D. */
function decimalToBinary(digits: string, x: number, f: BinFormat): Rounded {
  let lo = 0;
  while (lo < digits.length && digits.charCodeAt(lo) === CH_0) lo++;
  let hi = digits.length;
  while (hi > lo && digits.charCodeAt(hi - 1) === CH_0) hi--;
  if (lo === hi) return { kind: 'num', m: 0n, e: 0 };
  x += digits.length - hi; // trailing zeros move into the exponent
  const nd = hi - lo;
  if (nd - 1 + x >= f.maxDec) return OVERFLOW;
  if (nd + x <= f.minDec) return UNDERFLOW;
  const d = BigInt(digits.slice(lo, hi));
  if (x >= 0) return roundBinary(d * 10n ** BigInt(x), 0, false, f);
  const den = 10n ** BigInt(-x);
  // Scale so the quotient carries prec+2 bits: enough for round + sticky.
  const s = Math.max(0, f.prec + 3 - (bitLength(d) - bitLength(den)));
  const num = d << BigInt(s);
  const q = num / den;
  return roundBinary(q, -s, q * den !== num, f);
}

/** Exact H * 2^(exp - 4*frac) for a hex digit string, rounded to `f`. */
function hexToBinary(digits: string, frac: number, exp: number, f: BinFormat): Rounded {
  const h = BigInt('0x' + digits);
  if (h === 0n) return { kind: 'num', m: 0n, e: 0 };
  const e = exp - 4 * frac;
  const top = bitLength(h) + e; // value < 2^top
  if (top - 1 >= f.maxExp) return OVERFLOW;
  if (top < f.minExp - 1) return UNDERFLOW;
  return roundBinary(h, e, false, f);
}

/** Value of a scanned finite literal in format `f`. */
function syntaxToBinary(syn: FloatSyntax, f: BinFormat): Rounded {
  if (syn.kind === 'hex') return hexToBinary(syn.digits, syn.fracDigits, syn.exp, f);
  return decimalToBinary(syn.digits, syn.exp - syn.fracDigits, f);
}

/* ------------------------------------------------------------------------ */
/* 4. Doubles                                                               */
/* ------------------------------------------------------------------------ */

const scratch = new DataView(new ArrayBuffer(8));

/** Exact 2^k for -1022 <= k <= 1023, built from its bit pattern. */
function pow2(k: number): number {
  scratch.setUint32(0, (k + 1023) << 20);
  scratch.setUint32(4, 0);
  return scratch.getFloat64(0);
}

/** m * 2^e for a value known to be an exact double (every step is exact). */
function ldexp(m: number, e: number): number {
  while (e > 1023) {
    m *= pow2(1023);
    e -= 1023;
  }
  while (e < -1022) {
    m *= pow2(-1022);
    e += 1022;
  }
  return m * pow2(e);
}

/** End of a plain decimal literal at `i` ([sign]digits[.digits][e..]), or -1. */
function decimalEnd(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c === CH_MINUS || c === CH_PLUS) i++;
  let any = false;
  while (i < s.length && isDigit(s.charCodeAt(i))) {
    i++;
    any = true;
  }
  if (i < s.length && s.charCodeAt(i) === CH_DOT) {
    i++;
    while (i < s.length && isDigit(s.charCodeAt(i))) {
      i++;
      any = true;
    }
  }
  if (!any) return -1;
  return scanExponent(s, i, 101).end;
}

/** True if the mantissa (before any exponent) has a non-zero digit. */
function hasNonZeroMantissa(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c | 0x20) === 101) return false;
    if (c > CH_0 && c <= CH_9) return true;
  }
  return false;
}

/** strtod(s) for a scanned literal, with glibc's range outcome. */
function strtodValue(s: string, syn: FloatSyntax): { v: number; range: boolean } {
  if (syn.kind === 'inf') return { v: syn.neg ? -Infinity : Infinity, range: false };
  if (syn.kind === 'nan') return { v: NaN, range: false };
  const r = syntaxToBinary(syn, DOUBLE_FMT);
  const sign = syn.neg ? -1 : 1;
  if (r.kind === 'overflow') return { v: sign * Infinity, range: true };
  if (r.kind === 'underflow') return { v: sign * 0, range: true };
  return { v: sign * ldexp(Number(r.m), r.e), range: false };
}

/**
 * Redis getDoubleFromObject()/string2d(): strtod must consume the whole
 * string, no leading whitespace, no NaN, and ERANGE overflow/underflow to
 * zero is rejected (subnormal results are accepted). Accepts hex floats
 * ("0x1p3"), "inf"/"infinity" in any case with an optional sign.
 */
export function parseDouble(s: string): number | null {
  if (s.length === 0 || isCSpace(s.charCodeAt(0))) return null;
  // Fast path: plain decimal. JS Number() rounds exactly like glibc.
  if (decimalEnd(s, 0) === s.length) {
    const v = Number(s);
    if (v === Infinity || v === -Infinity) return null; // ERANGE overflow
    if (v === 0 && hasNonZeroMantissa(s)) return null; // ERANGE underflow
    return v;
  }
  const syn = scanFloat(s, 0);
  if (syn === null || syn.end !== s.length) return null;
  const { v, range } = strtodValue(s, syn);
  if (range || Number.isNaN(v)) return null;
  return v;
}

/**
 * zslParseRange()'s bare strtod (ZRANGEBYSCORE & co, after any '('):
 * leading whitespace is skipped, overflow yields ±inf, parsing may stop at
 * an embedded NUL, an empty string is 0 and only NaN is rejected.
 */
export function parseRangeDouble(s: string): number | null {
  let i = 0;
  while (i < s.length && isCSpace(s.charCodeAt(i))) i++;
  const syn = i < s.length ? scanFloat(s, i) : null;
  const end = syn ? syn.end : 0; // no conversion: end pointer = start
  if (end < s.length && s.charCodeAt(end) !== 0) return null;
  if (!syn) return 0;
  const v = strtodValue(s, syn).v;
  return Number.isNaN(v) ? null : v;
}

/** Round a digit string to `keep` digits, half-even; carry when it grows. */
function roundDigits(digits: string, keep: number): { digits: string; carry: boolean } {
  if (digits.length <= keep) return { digits: digits.padEnd(keep, '0'), carry: false };
  const head = digits.slice(0, keep);
  const first = digits.charCodeAt(keep);
  const tailNonZero = /[1-9]/.test(digits.slice(keep + 1));
  const lastOdd = keep > 0 && (digits.charCodeAt(keep - 1) & 1) === 1;
  const up = first > 53 || (first === 53 && (tailNonZero || lastOdd));
  if (!up) return { digits: head, carry: false };
  const inc = (BigInt('0' + head) + 1n).toString().padStart(keep, '0');
  if (inc.length > keep) return { digits: inc.slice(0, keep), carry: true };
  return { digits: inc, carry: false };
}

/** Exact decimal expansion of m * 2^e: value = digits * 10^-scale. */
function exactDecimal(m: bigint, e: number): { digits: string; scale: number } {
  if (e >= 0) return { digits: (m << BigInt(e)).toString(), scale: 0 };
  return { digits: (m * 5n ** BigInt(-e)).toString(), scale: -e };
}

/** Decompose a finite non-zero double into m * 2^e exactly. */
function doubleBits(d: number): { m: bigint; e: number } {
  scratch.setFloat64(0, Math.abs(d));
  const hi = scratch.getUint32(0);
  const lo = scratch.getUint32(4);
  const bexp = hi >>> 20;
  const frac = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (bexp === 0) return { m: frac, e: -1074 };
  return { m: frac | (1n << 52n), e: bexp - 1075 };
}

/** 17 significant digits (exactly rounded, half-even) and decimal exponent. */
function digits17Exact(d: number): { digits: string; exp: number } {
  const { m, e } = doubleBits(d);
  const x = exactDecimal(m, e);
  const exp = x.digits.length - 1 - x.scale;
  const r = roundDigits(x.digits, 17);
  return { digits: r.digits, exp: r.carry ? exp + 1 : exp };
}

/**
 * Can rounding d to 17 significant digits be an exact tie? Only when its
 * exact expansion has 18 digits, i.e. d = odd/2^k with k <= 25 (5^26 has
 * more than 18 digits) and d is not an integer (odd integers < 2^53 have at
 * most 16 digits). JS toExponential breaks ties upward, glibc to even.
 */
function mayTie17(d: number): boolean {
  return !Number.isInteger(d) && Number.isInteger(d * 33554432);
}

/** 17 significant digits of a finite non-zero double, as glibc would. */
function digits17(d: number): { digits: string; exp: number } {
  if (mayTie17(d) && d.toExponential(17).charCodeAt(d < 0 ? 19 : 18) === 53) {
    return digits17Exact(d);
  }
  const t = d.toExponential(16); // "[-]d.dddddddddddddddde[+-]x"
  const o = d < 0 ? 1 : 0;
  return { digits: t[o] + t.slice(o + 2, o + 18), exp: Number(t.slice(o + 19)) };
}

function trimZeros(s: string): string {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === CH_0) end--;
  return s.slice(0, end);
}

/** C "%.{P}g" layout of P significant digits with decimal exponent `exp`. */
function layoutG(neg: boolean, digits: string, exp: number): string {
  const sign = neg ? '-' : '';
  const p = digits.length;
  if (exp < -4 || exp >= p) {
    const frac = trimZeros(digits.slice(1));
    const e = Math.abs(exp);
    return `${sign}${digits[0]}${frac ? '.' + frac : ''}e${exp < 0 ? '-' : '+'}${e < 10 ? '0' : ''}${e}`;
  }
  const intPart = exp >= 0 ? digits.slice(0, exp + 1) : '0';
  const frac = trimZeros(exp >= 0 ? digits.slice(exp + 1) : '0'.repeat(-exp - 1) + digits);
  return `${sign}${intPart}${frac ? '.' + frac : ''}`;
}

/**
 * Double as Redis 7.0 replies it (addReplyDouble): C "%.17g" with glibc's
 * exact round-half-even, "inf"/"-inf", "-0" kept. E.g. 0.1 ->
 * "0.10000000000000001", 1e17 -> "1e+17", 1.5e-7 -> "1.4999999999999999e-07".
 */
export function formatDouble(d: number): string {
  if (Number.isInteger(d)) {
    if (d === 0) return Object.is(d, -0) ? '-0' : '0';
    if (Math.abs(d) <= Number.MAX_SAFE_INTEGER) return String(d); // exact digits
  } else if (d !== d) {
    return 'nan';
  } else if (d === Infinity || d === -Infinity) {
    return d > 0 ? 'inf' : '-inf';
  }
  const { digits, exp } = digits17(d);
  return layoutG(d < 0, digits, exp);
}

/**
 * Redis d2string(): like formatDouble (ll2string for small integers gives
 * the same text as %.17g), "nan" for NaN and "-0" for negative zero.
 */
export function d2string(d: number): string {
  return formatDouble(d);
}

/**
 * Redis double2ll(): the integer a double holds exactly, if it is integral
 * and within ±LLONG_MAX/2. Listpack zsets store such scores as integers,
 * which is why a -0 score reads back as "0" there (but "-0" in a skiplist).
 */
export function double2ll(d: number): number | null {
  if (!(d >= -4611686018427387904 && d <= 4611686018427387904)) return null;
  return Number.isInteger(d) ? d + 0 : null; // +0 turns -0 into 0
}

/**
 * C "%.{prec}f" of a double with glibc's exact half-even rounding (JS
 * toFixed rounds exact ties away from zero and caps at 1e21).
 */
export function formatDoubleFixed(d: number, prec: number): string {
  if (d !== d) return 'nan';
  if (d === Infinity || d === -Infinity) return d > 0 ? 'inf' : '-inf';
  return formatFixedLD(longDoubleFromNumber(d), prec);
}

/* ------------------------------------------------------------------------ */
/* 5. long double (x87 80-bit) emulation                                    */
/* ------------------------------------------------------------------------ */

/** An x87 extended value: (-1)^neg * m * 2^e with m < 2^64 when finite. */
export type LongDouble =
  | { readonly kind: 'finite'; readonly neg: boolean; readonly m: bigint; readonly e: number }
  | { readonly kind: 'inf'; readonly neg: boolean }
  | { readonly kind: 'nan'; readonly neg: boolean };

export type FloatResult = { ok: true; value: string } | { ok: false; error: string };

/** Redis MAX_LONG_DOUBLE_CHARS: string2ld's buffer; ld2string's limit. */
const MAX_LONG_DOUBLE_CHARS = 5 * 1024;

const NOT_FLOAT = 'ERR value is not a valid float';
const NAN_OR_INF = 'ERR increment would produce NaN or Infinity';
const INCR_NAN_OR_INF = 'ERR value is NaN or Infinity';
const HASH_NOT_FLOAT = 'ERR hash value is not a float';

const LD_ZERO: LongDouble = { kind: 'finite', neg: false, m: 0n, e: 0 };

/** Exact conversion of a double (every double is an extended value). */
export function longDoubleFromNumber(d: number): LongDouble {
  if (d !== d) return { kind: 'nan', neg: false };
  if (d === Infinity || d === -Infinity) return { kind: 'inf', neg: d < 0 };
  const neg = d < 0 || Object.is(d, -0);
  if (d === 0) return { kind: 'finite', neg, m: 0n, e: 0 };
  const { m, e } = doubleBits(d);
  return { kind: 'finite', neg, m, e };
}

/**
 * Redis string2ld(): strtold over the whole string, in 80-bit precision
 * with correct rounding. Rejects empty, >= 5120 bytes, leading whitespace,
 * trailing garbage, NaN, and overflow / underflow-to-zero (ERANGE).
 */
export function parseLongDouble(s: string): LongDouble | null {
  if (s.length === 0 || s.length >= MAX_LONG_DOUBLE_CHARS) return null;
  if (isCSpace(s.charCodeAt(0))) return null;
  const syn = scanFloat(s, 0);
  // strtold stops at an embedded NUL, which then is "trailing garbage".
  if (syn === null || syn.end !== s.length) return null;
  if (syn.kind === 'nan') return null;
  if (syn.kind === 'inf') return { kind: 'inf', neg: syn.neg };
  const r = syntaxToBinary(syn, EXTENDED_FMT);
  if (r.kind !== 'num') return null;
  return { kind: 'finite', neg: syn.neg, m: r.m, e: r.e };
}

/** Sum of two finite extended values, exactly rounded (x87 fadd, PC=64). */
function addFinite(a: { neg: boolean; m: bigint; e: number }, b: { neg: boolean; m: bigint; e: number }): LongDouble {
  const e = Math.min(a.e, b.e);
  const va = (a.m << BigInt(a.e - e)) * (a.neg ? -1n : 1n);
  const vb = (b.m << BigInt(b.e - e)) * (b.neg ? -1n : 1n);
  const sum = va + vb;
  // IEEE: an exact zero sum is +0 unless both operands are negative (zeros).
  if (sum === 0n) return { kind: 'finite', neg: a.neg && b.neg, m: 0n, e: 0 };
  const neg = sum < 0n;
  const r = roundBinary(neg ? -sum : sum, e, false, EXTENDED_FMT);
  if (r.kind === 'num') return { kind: 'finite', neg, m: r.m, e: r.e };
  return { kind: 'inf', neg }; // sums of extended values never underflow
}

/** IEEE addition of two long doubles (round to nearest, ties to even). */
export function addLongDouble(a: LongDouble, b: LongDouble): LongDouble {
  if (a.kind === 'nan') return a;
  if (b.kind === 'nan') return b;
  if (a.kind === 'inf' || b.kind === 'inf') {
    if (a.kind === 'inf' && b.kind === 'inf' && a.neg !== b.neg) return { kind: 'nan', neg: true };
    return a.kind === 'inf' ? a : b;
  }
  return addFinite(a, b);
}

/** C "%.{prec}Lf" of an extended value with exact half-even rounding. */
function formatFixedLD(x: LongDouble, prec: number): string {
  if (x.kind !== 'finite') return (x.neg ? '-' : '') + x.kind;
  const scale = 10n ** BigInt(prec);
  let q: bigint;
  if (x.e >= 0) {
    q = (x.m << BigInt(x.e)) * scale;
  } else {
    const num = x.m * scale;
    const sh = BigInt(-x.e);
    q = num >> sh;
    const rem = num - (q << sh);
    const half = 1n << (sh - 1n);
    if (rem > half || (rem === half && (q & 1n) === 1n)) q += 1n;
  }
  const str = q.toString().padStart(prec + 1, '0');
  const cut = str.length - prec;
  const body = prec > 0 ? `${str.slice(0, cut)}.${str.slice(cut)}` : str;
  return (x.neg ? '-' : '') + body; // printf keeps the sign of -0 / tiny negatives
}

/**
 * Redis ld2string(LD_STR_HUMAN): "%.17Lf", then trailing zeros and a bare
 * '.' trimmed, and "-0" turned into "0". Infinities print "inf"/"-inf".
 */
export function formatLongDouble(x: LongDouble): string {
  if (x.kind === 'inf') return x.neg ? '-inf' : 'inf';
  let s = formatFixedLD(x, 17);
  if (s.length + 1 > MAX_LONG_DOUBLE_CHARS) return ''; // no room (unreachable for 80-bit)
  if (s.includes('.')) {
    s = trimZeros(s);
    if (s.endsWith('.')) s = s.slice(0, -1);
  }
  return s === '-0' ? '0' : s;
}

/** addReplyHumanLongDouble() for a double value (e.g. GEOPOS coordinates). */
export function formatHumanDouble(d: number): string {
  return formatLongDouble(longDoubleFromNumber(d));
}

/** Add, reject non-finite sums, and format like INCRBYFLOAT stores. */
function addAndFormat(value: LongDouble, incr: LongDouble): FloatResult {
  const sum = addLongDouble(value, incr);
  if (sum.kind !== 'finite') return { ok: false, error: NAN_OR_INF };
  return { ok: true, value: formatLongDouble(sum) };
}

/**
 * INCRBYFLOAT: `current` is the stored string (null when the key is
 * missing). Both operands go through string2ld, are summed in 80-bit long
 * double and the result is formatted with ld2string(LD_STR_HUMAN).
 * An "inf" increment parses fine but then fails as NaN-or-Infinity.
 */
export function incrByFloat(current: string | null, incr: string): FloatResult {
  const value = current === null ? LD_ZERO : parseLongDouble(current);
  if (value === null) return { ok: false, error: NOT_FLOAT };
  const inc = parseLongDouble(incr);
  if (inc === null) return { ok: false, error: NOT_FLOAT };
  return addAndFormat(value, inc);
}

/**
 * HINCRBYFLOAT's increment check, which Redis performs before even looking
 * up the key (so it wins over WRONGTYPE). Returns the error or null.
 */
export function checkHincrByFloatIncrement(incr: string): string | null {
  const inc = parseLongDouble(incr);
  if (inc === null) return NOT_FLOAT;
  return inc.kind === 'finite' ? null : INCR_NAN_OR_INF;
}

/**
 * HINCRBYFLOAT on a field whose current value is `current` (null when the
 * field is missing). Error precedence follows Redis: bad increment, then
 * infinite increment, then a non-float field value, then a non-finite sum.
 */
export function hincrByFloat(current: string | null, incr: string): FloatResult {
  const incErr = checkHincrByFloatIncrement(incr);
  if (incErr !== null) return { ok: false, error: incErr };
  const inc = parseLongDouble(incr) as LongDouble;
  const value = current === null ? LD_ZERO : parseLongDouble(current);
  if (value === null) return { ok: false, error: HASH_NOT_FLOAT };
  return addAndFormat(value, inc);
}
