/**
 * SORT and SORT_RO (Redis's sort.c), with Redis 7.0.15's exact results.
 *
 * What decides the bytes of a reply:
 *  - Options are parsed first (any syntax or LIMIT error wins over
 *    WRONGTYPE); a repeated option overrides the earlier one, except that a
 *    BY pattern without '*' switches sorting off for good.
 *  - Patterns are C strings to Redis: '*' and "->" are looked for only
 *    before the first NUL byte, "#" is any pattern whose first byte is '#'
 *    followed by NUL or nothing. The first '*' takes the element; "->field"
 *    after it (field non-empty) reads a hash field instead of a string key.
 *  - Numeric scores come from C strtod: leading blanks, hex floats, "inf",
 *    an empty string (0) are accepted; trailing bytes other than a NUL,
 *    NaN and any ERANGE (overflow, underflow to 0, inexact subnormal) fail
 *    the whole command with "One or more scores can't be converted into
 *    double". Equal scores are ordered by the elements' bytes.
 *  - ALPHA compares with strcoll in the server's locale; Redis under the
 *    C / C.UTF-8 locale (what tests run with) compares bytes up to the first
 *    NUL. With STORE it compares full byte strings instead (memcmp), so the
 *    stored list is the same on replicas whatever their locale.
 *  - Whole-vector sorts are glibc's qsort, a stable merge sort: JS's stable
 *    sort gives the same order. BY + LIMIT uses Redis's partial quicksort
 *    (pqsort.c, NetBSD's Bentley-McIlroy qsort that skips partitions
 *    outside the range); it is not stable, and ALPHA BY has ties (missing
 *    weights), so it is reproduced step for step to pick the same elements.
 *  - BY without '*' ("nosort"): lists and sorted sets keep their native
 *    order (DESC reverses it, LIMIT applies after), sets their iteration
 *    order (DESC ignored) — but a set with STORE is sorted ALPHA, bytewise,
 *    so that the stored list is deterministic.
 *  - SORT on a sorted set converts a listpack encoding to skiplist, even
 *    for SORT_RO, as Redis does.
 *  - STORE writes a quicklist (an empty result deletes the destination),
 *    fires 'sortstore' (or 'del'), and counts one change per stored item.
 *
 * The elements are compared as latin1 strings: JS orders those by code
 * unit, which is memcmp order with the shorter string first on a tie.
 */
import { isWord } from './help.js';
import type { ArgDoc, CommandContext, CommandSpec, DbApi, KeySpec } from './types.js';
import { NOT_INTEGER, SYNTAX, WRONGTYPE } from './errors.js';
import { isString, stringOf, type StringValue } from '../datatypes/values.js';
import { parseInt64, parseRangeDouble } from '../datatypes/numbers.js';
import { ListValue } from '../datatypes/list.js';
import { SetValue } from '../datatypes/set.js';
import { ZSetValue } from '../datatypes/zset.js';
import { HashValue } from '../datatypes/hash.js';

const CONVERSION_ERROR = "ERR One or more scores can't be converted into double";

// --- small helpers ---------------------------------------------------------

/** Length of `s` seen as a C string: up to its first NUL. */
function cLength(s: string): number {
  const nul = s.indexOf('\0');
  return nul < 0 ? s.length : nul;
}

/** strchr(pattern, '*') != NULL. */
function hasStar(pattern: string): boolean {
  const star = pattern.indexOf('*');
  return star >= 0 && star < cLength(pattern);
}

/** The pattern "#": the element itself (SORT ... GET #). */
function isSelfPattern(pattern: string): boolean {
  return pattern.charCodeAt(0) === 35 /* # */ && (pattern.length === 1 || pattern.charCodeAt(1) === 0);
}

/**
 * A BY or GET pattern, taken apart once (Redis's lookupKeyByPattern redoes
 * it per element): "#" is the element itself; otherwise the key is prefix +
 * element + suffix around the first '*', and "->field" after the '*' (with a
 * non-empty field) reads a hash field. A pattern without '*' names no key.
 */
interface Pattern {
  kind: 'self' | 'none' | 'key';
  prefix: string;
  suffix: string;
  field: string | null;
}

function compilePattern(pattern: string): Pattern {
  if (isSelfPattern(pattern)) return { kind: 'self', prefix: '', suffix: '', field: null };
  const clen = cLength(pattern);
  const star = pattern.indexOf('*');
  if (star < 0 || star >= clen) return { kind: 'none', prefix: '', suffix: '', field: null };
  // strstr after the '*', in the C string, with at least one field byte after the arrow.
  const arrow = pattern.indexOf('->', star + 1);
  const hasField = arrow >= 0 && arrow + 2 < clen;
  return {
    kind: 'key',
    prefix: pattern.slice(0, star),
    suffix: pattern.slice(star + 1, hasField ? arrow : pattern.length),
    field: hasField ? pattern.slice(arrow + 2) : null,
  };
}

/**
 * The string value of the key a pattern names for `elem`, or the hash
 * field's value; null when there is no such key or it has the wrong type.
 * Every lookup counts as a keyspace hit or miss, as in Redis.
 */
function lookupByPattern(db: DbApi, p: Pattern, elem: string): StringValue | null {
  if (p.kind !== 'key') return p.kind === 'self' ? elem : null;
  const v = db.lookupRead(p.prefix + elem + p.suffix);
  if (v === undefined) return null;
  if (p.field !== null) return v instanceof HashValue ? (v.get(p.field) ?? null) : null;
  return isString(v) ? v : null;
}

function isCSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

const TWO_1074 = 2n ** 1074n;
const DBL_MIN = 2.2250738585072014e-308;

/**
 * The literal strtod read at the start of `s` (after blanks and sign), as
 * an exact fraction num/den, or null for inf/nan. Only called for results
 * that may have set ERANGE, so its cost does not matter.
 */
function literalFraction(s: string): { num: bigint; den: bigint } | null {
  let i = 0;
  while (i < s.length && isCSpace(s.charCodeAt(i))) i++;
  if (s[i] === '+' || s[i] === '-') i++;
  const c0 = s.charCodeAt(i) | 0x20;
  if (c0 === 105 /* i */ || c0 === 110 /* n */) return null;
  const hexDigit = (ch: string | undefined): boolean => ch !== undefined && /[0-9a-fA-F]/.test(ch);
  const hex = s[i] === '0' && (s[i + 1] === 'x' || s[i + 1] === 'X') && (hexDigit(s[i + 2]) || (s[i + 2] === '.' && hexDigit(s[i + 3])));
  if (hex) i += 2;
  const isDigit = hex ? hexDigit : (ch: string | undefined): boolean => ch !== undefined && ch >= '0' && ch <= '9';
  let digits = '';
  let frac = 0;
  let point = false;
  for (; i < s.length; i++) {
    const ch = s[i];
    if (isDigit(ch)) {
      digits += ch;
      if (point) frac++;
    } else if (ch === '.' && !point) {
      point = true;
    } else {
      break;
    }
  }
  // An exponent counts only when digits follow its marker and optional sign.
  let exp = 0n;
  const marker = hex ? 'p' : 'e';
  if ((s[i] ?? '').toLowerCase() === marker) {
    let k = i + 1;
    let neg = false;
    if (s[k] === '+' || s[k] === '-') neg = s[k++] === '-';
    let e = '';
    while (k < s.length && s[k] >= '0' && s[k] <= '9') e += s[k++];
    if (e.length > 0) exp = neg ? -BigInt(e) : BigInt(e);
  }
  const mant = digits.length === 0 ? 0n : BigInt((hex ? '0x' : '') + digits);
  const base = hex ? 2n : 10n;
  const scale = hex ? exp - 4n * BigInt(frac) : exp - BigInt(frac);
  return scale >= 0n ? { num: mant * base ** scale, den: 1n } : { num: mant, den: base ** -scale };
}

/** [+-]digits[.digits][(e|E)[+-]digits] with at least one mantissa digit, and nothing else. */
function isPlainDecimal(s: string): boolean {
  const n = s.length;
  let i = 0;
  let c = s.charCodeAt(0);
  if (c === 45 /* - */ || c === 43 /* + */) i++;
  let digits = 0;
  while (i < n && (c = s.charCodeAt(i)) >= 48 && c <= 57) {
    i++;
    digits++;
  }
  if (i < n && s.charCodeAt(i) === 46 /* . */) {
    i++;
    while (i < n && (c = s.charCodeAt(i)) >= 48 && c <= 57) {
      i++;
      digits++;
    }
  }
  if (digits === 0) return false;
  if (i === n) return true;
  if ((s.charCodeAt(i) | 0x20) !== 101 /* e */) return false;
  i++;
  c = s.charCodeAt(i);
  if (c === 45 || c === 43) i++;
  const expStart = i;
  while (i < n && (c = s.charCodeAt(i)) >= 48 && c <= 57) i++;
  return i > expStart && i === n;
}

/**
 * A SORT weight as Redis computes it: strtod over the whole string (a NUL
 * may end it), rejecting NaN and anything that set errno to ERANGE. glibc
 * sets ERANGE on overflow, on underflow to zero and on inexact subnormal
 * results (tininess after rounding, as on x86).
 */
function sortScore(s: string): number | null {
  // Fast path: a plain decimal ([sign]digits[.digits][e[sign]digits]) is
  // what Number() reads exactly as strtod does; only results near the range
  // limits need the careful path below.
  if (isPlainDecimal(s)) {
    const n = Number(s);
    const a = Math.abs(n);
    if (a >= DBL_MIN && a !== Infinity) return n;
  }
  const v = parseRangeDouble(s);
  if (v === null) return null;
  const a = Math.abs(v);
  if (a !== 0 && a !== Infinity && a >= DBL_MIN) return v;
  const lit = literalFraction(s);
  if (lit === null) return v; // "inf", "infinity": no range error
  if (a === Infinity) return null; // overflow
  if (a === 0) return lit.num === 0n ? v : null; // underflow to zero
  // Subnormal: exact only when the literal is exactly m * 2^-1074.
  const m = BigInt(a * 2 ** 1000 * 2 ** 74); // exact: a power-of-two scaling of a subnormal
  return lit.num * TWO_1074 === m * lit.den ? v : null;
}

/** One element of the sorting vector (Redis's redisSortObject). */
interface SortItem {
  elem: string;
  /** Numeric weight. */
  score: number;
  /** ALPHA key: the bytes compared (cut at a NUL when compared as C strings), null for a missing BY key. */
  key: string | null;
}

type Compare = (a: SortItem, b: SortItem) => number;

function byteCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const numeric: Compare = (a, b) => (a.score > b.score ? 1 : a.score < b.score ? -1 : byteCompare(a.elem, b.elem));

/** ALPHA: missing weights (null) first, then the keys' bytes. */
const alphabetical: Compare = (a, b) => {
  if (a.key === null || b.key === null) return a.key === b.key ? 0 : a.key === null ? -1 : 1;
  return byteCompare(a.key, b.key);
};

/**
 * Redis's pqsort (NetBSD qsort, Bentley & McIlroy, with the recursion
 * pruned to partitions that overlap [lrange, rrange]). Only the elements
 * in that range end up in their sorted places; which of several equal
 * elements lands there depends on this exact sequence of swaps.
 */
function partialSort(v: SortItem[], cmp: Compare, lrange: number, rrange: number): void {
  const swap = (i: number, j: number): void => {
    const t = v[i];
    v[i] = v[j];
    v[j] = t;
  };
  const med3 = (a: number, b: number, c: number): number =>
    cmp(v[a], v[b]) < 0 ? (cmp(v[b], v[c]) < 0 ? b : cmp(v[a], v[c]) < 0 ? c : a) : cmp(v[b], v[c]) > 0 ? b : cmp(v[a], v[c]) < 0 ? a : c;
  const insertion = (lo: number, n: number): void => {
    for (let m = lo + 1; m < lo + n; m++) for (let l = m; l > lo && cmp(v[l - 1], v[l]) > 0; l--) swap(l, l - 1);
  };
  const outside = (lo: number, n: number): boolean => {
    const hi = lo + n - 1;
    return (lrange < lo && rrange < lo) || (lrange > hi && rrange > hi);
  };
  const run = (lo: number, n: number): void => {
    for (;;) {
      if (n < 7) {
        insertion(lo, n);
        return;
      }
      let pm = lo + Math.floor(n / 2);
      if (n > 7) {
        let pl = lo;
        let pn = lo + n - 1;
        if (n > 40) {
          const d = Math.floor(n / 8);
          pl = med3(pl, pl + d, pl + 2 * d);
          pm = med3(pm - d, pm, pm + d);
          pn = med3(pn - 2 * d, pn - d, pn);
        }
        pm = med3(pl, pm, pn);
      }
      swap(lo, pm);
      let pa = lo + 1;
      let pb = pa;
      let pc = lo + n - 1;
      let pd = pc;
      let swapped = false;
      for (;;) {
        let r: number;
        while (pb <= pc && (r = cmp(v[pb], v[lo])) <= 0) {
          if (r === 0) {
            swapped = true;
            swap(pa++, pb);
          }
          pb++;
        }
        while (pb <= pc && (r = cmp(v[pc], v[lo])) >= 0) {
          if (r === 0) {
            swapped = true;
            swap(pc, pd--);
          }
          pc--;
        }
        if (pb > pc) break;
        swap(pb++, pc--);
        swapped = true;
      }
      if (!swapped) {
        insertion(lo, n);
        return;
      }
      const pn = lo + n;
      let r = Math.min(pa - lo, pb - pa);
      for (let k = 0; k < r; k++) swap(lo + k, pb - r + k);
      r = Math.min(pd - pc, pn - pd - 1);
      for (let k = 0; k < r; k++) swap(pb + k, pn - r + k);
      r = pb - pa;
      if (r > 1 && !outside(lo, r)) run(lo, r);
      r = pd - pc;
      if (r <= 1) return;
      lo = pn - r;
      n = r;
      if (outside(lo, n)) return;
    }
  };
  run(0, v.length);
}

// --- what SORT reads from the value it sorts -----------------------------------

type Sortable = ListValue | SetValue | ZSetValue;

function sizeOf(v: Sortable): number {
  return v instanceof SetValue ? v.size : v.length;
}

/**
 * Every element, in the order the vector is loaded: list order, set
 * iteration order; Redis walks a sorted set's dict (hash order), for which
 * score order stands in.
 */
function elementsOf(v: Sortable): string[] {
  if (v instanceof ListValue) return v.toArray();
  if (v instanceof SetValue) return v.members();
  const out: string[] = [];
  v.forEach((member) => out.push(member));
  return out;
}

/** `n` elements of a list's or sorted set's own order from `start`, counted from the tail when `desc`. */
function nativeRange(v: ListValue | ZSetValue, desc: boolean, start: number, n: number): string[] {
  if (v instanceof ZSetValue) {
    const out: string[] = [];
    v.rangeByRank(start, start + n - 1, desc, (member) => out.push(member));
    return out;
  }
  const out = new Array<string>(n);
  const last = v.length - 1;
  for (let k = 0; k < n; k++) out[k] = v.get(desc ? last - start - k : start + k);
  return out;
}

// --- the command -------------------------------------------------------------

function sortGeneric(c: CommandContext, argv: string[], readonly: boolean): void {
  const argc = argv.length;
  let desc = false;
  let alpha = false;
  let dontsort = false;
  // LIMIT as longs, clamped right away (Redis clamps to the vector length later; nothing is lost).
  let limitStart = 0;
  let limitCount = -1;
  let sortby: string | null = null;
  let storekey: string | null = null;
  const gets: string[] = [];
  const cluster = c.server.config.getBool('cluster-enabled');

  for (let j = 2; j < argc; j++) {
    const left = argc - j - 1;
    const a = argv[j];
    if (isWord(a, 'asc')) {
      desc = false;
    } else if (isWord(a, 'desc')) {
      desc = true;
    } else if (isWord(a, 'alpha')) {
      alpha = true;
    } else if (isWord(a, 'limit') && left >= 2) {
      const from = parseInt64(argv[j + 1]);
      const count = from === null ? null : parseInt64(argv[j + 2]);
      if (from === null || count === null) {
        c.addError(NOT_INTEGER);
        return;
      }
      limitStart = from <= 0n ? 0 : from > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(from);
      limitCount = count <= -1n ? -1 : count > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(count);
      j += 2;
    } else if (!readonly && isWord(a, 'store') && left >= 1) {
      storekey = argv[++j];
    } else if (isWord(a, 'by') && left >= 1) {
      sortby = argv[++j];
      if (!hasStar(sortby)) {
        dontsort = true;
      } else if (cluster) {
        c.addError('ERR BY option of SORT denied in Cluster mode.');
        return;
      }
    } else if (isWord(a, 'get') && left >= 1) {
      if (cluster) {
        c.addError('ERR GET option of SORT denied in Cluster mode.');
        return;
      }
      gets.push(argv[++j]);
    } else {
      c.addError(SYNTAX);
      return;
    }
  }

  const db = c.db;
  const value = db.lookupRead(argv[1]);
  let found: Sortable | undefined;
  if (value !== undefined) {
    if (!(value instanceof ListValue || value instanceof SetValue || value instanceof ZSetValue)) {
      c.addError(WRONGTYPE);
      return;
    }
    found = value;
  }
  // A missing key sorts as an empty list.
  const type = found === undefined ? 'list' : found.type;

  // An unsorted set would come out in hash order: STORE (and scripts) need
  // a result replicas reproduce, so they get the elements sorted bytewise.
  if (dontsort && type === 'set' && (storekey !== null || fromScript(c))) {
    dontsort = false;
    alpha = true;
    sortby = null;
  }

  // Redis sorts sorted sets through their dict and skiplist, converting a listpack for good.
  if (found instanceof ZSetValue) found.convertToSkiplist();

  const size = found === undefined ? 0 : sizeOf(found);
  let start = Math.min(limitStart, size);
  const count = Math.min(limitCount, size);
  let end = count < 0 ? size - 1 : start + count - 1;
  if (start >= size) {
    start = size - 1;
    end = size - 2;
  }
  if (end >= size) end = size - 1;

  // Load the vector. Lists and sorted sets left unsorted load only the
  // requested range, in the requested direction.
  let elems: string[];
  if (found === undefined) {
    elems = [];
  } else if (dontsort && !(found instanceof SetValue)) {
    const n = end - start + 1;
    elems = n > 0 ? nativeRange(found, desc, start, n) : [];
    end -= start;
    start = 0;
  } else {
    elems = elementsOf(found);
  }
  const vector: SortItem[] = new Array<SortItem>(elems.length);
  for (let j = 0; j < elems.length; j++) vector[j] = { elem: elems[j], score: 0, key: null };

  let conversionError = false;
  if (!dontsort) {
    const store = storekey !== null;
    const by = sortby === null ? null : compilePattern(sortby);
    for (const item of vector) {
      let byval: string;
      if (by !== null) {
        const v = lookupByPattern(db, by, item.elem);
        if (v === null) continue;
        byval = stringOf(v);
      } else {
        byval = item.elem;
      }
      if (alpha) {
        // strcoll in the C locale stops at a NUL; the STORE comparison does not.
        item.key = store ? byval : byval.slice(0, cLength(byval));
      } else {
        const score = sortScore(byval);
        if (score === null) conversionError = true;
        else item.score = score;
      }
    }
    if (!conversionError) {
      const base = alpha ? alphabetical : numeric;
      const cmp: Compare = desc ? (a, b) => -base(a, b) : base;
      if (sortby !== null && (start !== 0 || end !== vector.length - 1)) partialSort(vector, cmp, start, end);
      else vector.sort(cmp);
    }
  }

  const rows = end - start + 1;
  const outputlen = gets.length > 0 ? gets.length * rows : rows;
  if (conversionError) {
    c.addError(CONVERSION_ERROR);
    return;
  }
  const getPatterns = gets.map(compilePattern);
  if (storekey === null) {
    c.addArrayLen(outputlen);
    for (let j = start; j <= end; j++) {
      const elem = vector[j].elem;
      if (gets.length === 0) c.addBulk(elem);
      for (const p of getPatterns) {
        const v = lookupByPattern(db, p, elem);
        if (v === null) c.addNull();
        else c.addValue(v);
      }
    }
    return;
  }

  const items: string[] = [];
  for (let j = start; j <= end; j++) {
    const elem = vector[j].elem;
    if (gets.length === 0) {
      items.push(elem);
      continue;
    }
    for (const p of getPatterns) {
      const v = lookupByPattern(db, p, elem);
      items.push(v === null ? '' : stringOf(v));
    }
  }
  if (outputlen > 0) {
    db.setKey(storekey, ListValue.from(items));
    c.server.notifyKeyspaceEvent('l', 'sortstore', storekey, db.id);
    c.server.dirty += outputlen;
  } else if (db.delete(storekey)) {
    c.server.notifyKeyspaceEvent('g', 'del', storekey, db.id);
    c.server.dirty++;
  }
  c.addInt(outputlen);
}

/**
 * Whether the command runs from a script (Redis's CLIENT_SCRIPT). The
 * context does not say so yet; while a script runs, the server's scripting
 * engine has a current run and only the script's own client executes
 * commands like SORT (other clients get BUSY or wait), so that stands in.
 * A context that knows better may expose `fromScript`.
 */
function fromScript(c: CommandContext): boolean {
  const own = (c as CommandContext & { fromScript?: boolean }).fromScript;
  if (own !== undefined) return own;
  const engine = (c.server as CommandContext['server'] & { scripting?: { current: unknown } | null }).scripting;
  return engine !== undefined && engine !== null && engine.current !== null && engine.current !== undefined;
}

/**
 * Redis's sortGetKeys: the sorted key, and the destination of the last
 * STORE that has an argument. LIMIT skips two arguments, GET and BY one;
 * the destination itself is not skipped (so "STORE LIMIT 1 2" reads LIMIT).
 */
function sortGetKeys(argv: string[]): number[] {
  const keys = [1];
  let store = -1;
  for (let i = 2; i < argv.length; i++) {
    const a = argv[i];
    if (isWord(a, 'limit')) i += 2;
    else if (isWord(a, 'store') && i + 1 < argv.length) store = i + 1;
    else if (isWord(a, 'get') || isWord(a, 'by')) i += 1;
  }
  if (store >= 0) keys.push(store);
  return keys;
}

// --- metadata (src/commands/sort.json, sort_ro.json) --------------------------

const SORTED_KEY: KeySpec = { flags: ['RO', 'access'], beginSearch: { index: 1 }, findKeys: { lastKey: 0, keyStep: 1, limit: 0 } };
const PATTERN_KEYS: KeySpec = {
  notes: "For the optional BY/GET keyword. It is marked 'unknown' because the key names derive from the content of the key we sort",
  flags: ['RO', 'access'],
  beginSearch: 'unknown',
  findKeys: 'unknown',
};
const STORE_KEY: KeySpec = {
  notes: "For the optional STORE keyword. It is marked 'unknown' because the keyword can appear anywhere in the argument array",
  flags: ['OW', 'update'],
  beginSearch: 'unknown',
  findKeys: 'unknown',
};

const COMPLEXITY =
  'O(N+M*log(M)) where N is the number of elements in the list or set to sort, and M the number of returned elements. When the elements are not sorted, complexity is O(N).';

const READ_ARGS: readonly ArgDoc[] = [
  { name: 'key', type: 'key', keySpecIndex: 0 },
  { name: 'pattern', type: 'pattern', keySpecIndex: 1, token: 'BY', optional: true },
  {
    name: 'offset_count',
    type: 'block',
    token: 'LIMIT',
    optional: true,
    arguments: [
      { name: 'offset', type: 'integer' },
      { name: 'count', type: 'integer' },
    ],
  },
  { name: 'pattern', type: 'pattern', keySpecIndex: 1, token: 'GET', optional: true, multiple: true, multipleToken: true },
  {
    name: 'order',
    type: 'oneof',
    optional: true,
    arguments: [
      { name: 'asc', type: 'pure-token', token: 'ASC' },
      { name: 'desc', type: 'pure-token', token: 'DESC' },
    ],
  },
  { name: 'sorting', type: 'pure-token', token: 'ALPHA', optional: true },
];

export const sortCommands: CommandSpec[] = [
  {
    name: 'sort',
    arity: -2,
    flags: ['write', 'denyoom'],
    acl: ['set', 'sortedset', 'list', 'dangerous'],
    keys: { first: 1, last: 1, step: 1 },
    keySpecs: [SORTED_KEY, PATTERN_KEYS, STORE_KEY],
    getKeys: sortGetKeys,
    group: 'generic',
    since: '1.0.0',
    summary: 'Sort the elements in a list, set or sorted set',
    complexity: COMPLEXITY,
    args: [...READ_ARGS, { name: 'destination', type: 'key', keySpecIndex: 2, token: 'STORE', optional: true }],
    handler: (c, argv) => sortGeneric(c, argv, false),
  },
  {
    name: 'sort_ro',
    arity: -2,
    flags: ['readonly'],
    acl: ['set', 'sortedset', 'list', 'dangerous'],
    keys: { first: 1, last: 1, step: 1 },
    keySpecs: [SORTED_KEY, PATTERN_KEYS],
    group: 'generic',
    since: '7.0.0',
    summary: 'Sort the elements in a list, set or sorted set. Read-only variant of SORT.',
    complexity: COMPLEXITY,
    args: READ_ARGS,
    handler: (c, argv) => sortGeneric(c, argv, true),
  },
];

/** The partial quicksort on plain numbers (tests compare it with a full sort). */
export function partialSortForTests(values: readonly number[], lrange: number, rrange: number): number[] {
  const v = values.map((score): SortItem => ({ elem: '', score, key: null }));
  partialSort(v, numeric, lrange, rrange);
  return v.map((item) => item.score);
}
