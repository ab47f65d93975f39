/**
 * Glob-style matching with the exact semantics of Redis 7.0.15's
 * `stringmatchlen()` (used by KEYS, SCAN MATCH, PSUBSCRIBE, CONFIG GET ...).
 *
 * Strings are latin1 byte strings (char code = byte). The behaviour mirrors
 * the C implementation including its corner cases, all confirmed against a
 * real 7.0.15 server:
 *  - An empty subject only matches an empty pattern: `*` does NOT match ""
 *    (KEYS/SCAN special-case a lone `*` before calling the matcher, but
 *    PSUBSCRIBE * never receives messages published to the channel "").
 *  - `[...]` ranges compare bytes as C `signed char`, so "[a-\xff]" covers
 *    \xff (-1) up to 'a' (97), i.e. \xff and \x00..a, but not 'b' or \x80.
 *  - In nocase mode the C-locale `tolower()` of glibc is applied to those
 *    signed values: A-Z are folded, -128..-2 become 128..254, -1 stays -1.
 *  - A backslash escape inside brackets is always compared case-sensitively.
 *  - `]` right after `[` (or `[^`) closes the set: "[]" matches nothing.
 *  - "[a-]" is the range a..']' (the range eats the closing bracket).
 *  - An unterminated `[` behaves as if closed at the pattern end; a lone
 *    trailing backslash matches a literal backslash.
 *  - Recursion deeper than 1000 nested `*` gives "no match", and once the
 *    tail after a `*` failed at every position, all enclosing `*` give up
 *    (this keeps patterns like a*a*a*a*b linear instead of exponential).
 */

const STAR = 42; // '*'
const QMARK = 63; // '?'
const LBRACKET = 91; // '['
const RBRACKET = 93; // ']'
const BACKSLASH = 92; // '\\'
const CARET = 94; // '^'
const DASH = 45; // '-'

/** Maximum `*` recursion depth Redis allows before answering "no match". */
const MAX_NESTING = 1000;

/** Shared across one top-level match: set once a `*` tail failed everywhere. */
interface MatchState {
  skipLongerMatches: boolean;
}

/** Byte at `i`, or 0 past the end (C reads the sds NUL terminator there). */
function byteAt(s: string, i: number): number {
  return i < s.length ? s.charCodeAt(i) : 0;
}

/** Reinterpret a byte as a C `signed char` value (-128..127). */
function signedChar(b: number): number {
  return b >= 128 ? b - 256 : b;
}

/**
 * glibc's C-locale tolower() applied to a signed char value. Its table maps
 * -128..-2 to 128..254 (the unsigned byte) and keeps EOF (-1) as -1.
 */
function cTolower(v: number): number {
  if (v >= 65 && v <= 90) return v + 32;
  if (v < -1) return v + 256;
  return v;
}

/** Byte equality, ASCII case-folded when nocase (matches C tolower in "C"). */
function sameByte(a: number, b: number, nocase: boolean): boolean {
  if (a === b) return true;
  if (!nocase) return false;
  return cTolower(signedChar(a)) === cTolower(signedChar(b));
}

/** Whether subject byte `c` lies in the range `lo`-`hi` written in a set. */
function inRange(lo: number, hi: number, c: number, nocase: boolean): boolean {
  let start = signedChar(lo);
  let end = signedChar(hi);
  let ch = signedChar(c);
  if (start > end) {
    const t = start;
    start = end;
    end = t;
  }
  if (nocase) {
    start = cTolower(start);
    end = cTolower(end);
    ch = cTolower(ch);
  }
  return ch >= start && ch <= end;
}

/**
 * Evaluate a `[...]` set starting at pattern index `pi` (the '[') against
 * subject byte `c`. Returns the index of the last pattern char consumed by
 * the set (the caller steps past it), or -1 when the byte is not matched.
 */
function matchSet(p: string, pi: number, c: number, nocase: boolean): number {
  const end = p.length;
  pi++;
  const negate = byteAt(p, pi) === CARET;
  if (negate) pi++;
  let match = false;
  for (;;) {
    const pc = byteAt(p, pi);
    if (pc === BACKSLASH && end - pi >= 2) {
      pi++;
      if (p.charCodeAt(pi) === c) match = true; // escapes ignore nocase
    } else if (pc === RBRACKET) {
      break;
    } else if (pi >= end) {
      pi--; // unterminated set: stop on the last pattern char
      break;
    } else if (end - pi >= 3 && p.charCodeAt(pi + 1) === DASH) {
      if (inRange(pc, p.charCodeAt(pi + 2), c, nocase)) match = true;
      pi += 2;
    } else if (sameByte(pc, c, nocase)) {
      match = true;
    }
    pi++;
  }
  return match !== negate ? pi : -1;
}

/** Handle a `*` at `pi`: try the rest of the pattern at every position. */
function matchStar(
  p: string,
  pi: number,
  s: string,
  si: number,
  nocase: boolean,
  st: MatchState,
  nesting: number,
): boolean {
  while (pi + 1 < p.length && p.charCodeAt(pi + 1) === STAR) pi++;
  if (pi + 1 === p.length) return true; // trailing star eats everything
  for (; si < s.length; si++) {
    if (matchFrom(p, pi + 1, s, si, nocase, st, nesting + 1)) return true;
    if (st.skipLongerMatches) return false;
  }
  // The tail matched nowhere in this suffix; enclosing stars only try
  // shorter suffixes, so they cannot succeed either.
  st.skipLongerMatches = true;
  return false;
}

/** Core matcher: pattern from `pi` against subject from `si`. */
function matchFrom(
  p: string,
  pi: number,
  s: string,
  si: number,
  nocase: boolean,
  st: MatchState,
  nesting: number,
): boolean {
  if (nesting > MAX_NESTING) return false;
  const pEnd = p.length;
  const sEnd = s.length;
  while (pi < pEnd && si < sEnd) {
    const pc = p.charCodeAt(pi);
    if (pc === STAR) return matchStar(p, pi, s, si, nocase, st, nesting);
    if (pc === LBRACKET) {
      pi = matchSet(p, pi, s.charCodeAt(si), nocase);
      if (pi < 0) return false;
    } else if (pc !== QMARK) {
      if (pc === BACKSLASH && pEnd - pi >= 2) pi++;
      if (!sameByte(p.charCodeAt(pi), s.charCodeAt(si), nocase)) return false;
    }
    si++;
    pi++;
    if (si === sEnd) {
      while (byteAt(p, pi) === STAR) pi++; // trailing stars match ""
      break;
    }
  }
  return pi >= pEnd && si >= sEnd;
}

/** True if `pattern` has none of the glob metacharacters `* ? [ \`. */
function isLiteral(pattern: string): boolean {
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charCodeAt(i);
    if (c === STAR || c === QMARK || c === LBRACKET || c === BACKSLASH) return false;
  }
  return true;
}

/** Literal comparison, case-folded like the matcher when nocase. */
function literalEquals(pattern: string, str: string, nocase: boolean): boolean {
  if (pattern.length !== str.length) return false;
  if (!nocase) return pattern === str;
  for (let i = 0; i < pattern.length; i++) {
    if (!sameByte(pattern.charCodeAt(i), str.charCodeAt(i), true)) return false;
  }
  return true;
}

/**
 * Redis `stringmatchlen(pattern, str, nocase)`: does the glob `pattern`
 * match the whole byte string `str`?
 */
export function stringMatch(pattern: string, str: string, nocase: boolean): boolean {
  return matchFrom(pattern, 0, str, 0, nocase, { skipLongerMatches: false }, 0);
}

/**
 * Pre-analyse a pattern that will be tested against many strings (KEYS,
 * SCAN MATCH). Metacharacter-free patterns become a plain comparison and a
 * literal prefix followed only by stars becomes a prefix test; everything
 * else uses `stringMatch`. Results are identical to `stringMatch`.
 */
export function compileGlob(pattern: string, nocase: boolean): (str: string) => boolean {
  if (isLiteral(pattern)) return (str) => literalEquals(pattern, str, nocase);
  let stem = pattern.length;
  while (stem > 0 && pattern.charCodeAt(stem - 1) === STAR) stem--;
  const prefix = pattern.slice(0, stem);
  if (!nocase && stem < pattern.length && isLiteral(prefix)) {
    // "abc*": any non-empty subject starting with the prefix ("" never matches).
    return (str) => str.length > 0 && str.startsWith(prefix);
  }
  return (str) => stringMatch(pattern, str, nocase);
}
