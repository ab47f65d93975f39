/**
 * Longest common subsequence of two byte strings, as Redis's LCS command
 * computes it (t_string.c lcsCommand): the textbook dynamic-programming
 * table, then one walk back from its bottom-right corner that rebuilds the
 * subsequence and, for IDX, reports the matching ranges from the end of
 * the strings towards their start.
 *
 * The walk's tie-break (step in `b` unless going up in `a` is strictly
 * better) decides which of several equally long subsequences is returned,
 * so it is kept exactly as Redis has it.
 */

/** One IDX match: inclusive ranges in a and in b, and its length. */
export interface LcsMatch {
  a: [number, number];
  b: [number, number];
  len: number;
}

export interface LcsResult {
  /** Length of the longest common subsequence. */
  len: number;
  /** The subsequence itself (only when asked for). */
  str: string;
  /** Matching ranges, last ones first (only when asked for). */
  matches: LcsMatch[];
}

export interface LcsOptions {
  /** Rebuild the subsequence string. */
  wantString: boolean;
  /** Collect match ranges (IDX). */
  wantMatches: boolean;
  /** Only report ranges at least this long (0 = all). */
  minMatchLen: number;
}

/** Bytes the DP table needs, as Redis sizes it (uint32 cells). */
export function lcsTableBytes(alen: number, blen: number): number {
  return (alen + 1) * (blen + 1) * 4;
}

/** LCS of latin1 byte strings `a` and `b`. O(len(a) * len(b)) time and space. */
export function lcs(a: string, b: string, opts: LcsOptions): LcsResult {
  const alen = a.length;
  const blen = b.length;
  const w = blen + 1;
  // table[i*w + j] = LCS length of a[0..i) and b[0..j); row 0 and column 0 stay 0.
  const table = new Uint32Array((alen + 1) * w);
  for (let i = 1; i <= alen; i++) {
    const ca = a.charCodeAt(i - 1);
    const row = i * w;
    const prev = row - w;
    for (let j = 1; j <= blen; j++) {
      if (ca === b.charCodeAt(j - 1)) {
        table[row + j] = table[prev + j - 1] + 1;
      } else {
        const up = table[prev + j];
        const left = table[row + j - 1];
        table[row + j] = up > left ? up : left;
      }
    }
  }
  const len = table[alen * w + blen];
  const result: LcsResult = { len, str: '', matches: [] };
  if (!opts.wantString && !opts.wantMatches) return result;

  // Walk back from the corner; the subsequence comes out last byte first.
  const out = opts.wantString ? Buffer.allocUnsafe(len) : null;
  let idx = len;
  let i = alen;
  let j = blen;
  // arangeStart === alen means "no range open".
  let arangeStart = alen;
  let arangeEnd = 0;
  let brangeStart = 0;
  let brangeEnd = 0;
  while (i > 0 && j > 0) {
    let emit = false;
    if (a.charCodeAt(i - 1) === b.charCodeAt(j - 1)) {
      if (out) out[idx - 1] = a.charCodeAt(i - 1);
      if (arangeStart === alen) {
        arangeStart = arangeEnd = i - 1;
        brangeStart = brangeEnd = j - 1;
      } else if (arangeStart === i && brangeStart === j) {
        // Contiguous with the open range: extend it backwards.
        arangeStart--;
        brangeStart--;
      } else {
        emit = true;
      }
      // Reaching the first byte of either string ends the walk: flush now.
      if (arangeStart === 0 || brangeStart === 0) emit = true;
      idx--;
      i--;
      j--;
    } else {
      const up = table[(i - 1) * w + j];
      const left = table[i * w + j - 1];
      if (up > left) i--;
      else j--;
      if (arangeStart !== alen) emit = true;
    }
    if (emit) {
      const matchLen = arangeEnd - arangeStart + 1;
      if (opts.wantMatches && (opts.minMatchLen === 0 || matchLen >= opts.minMatchLen)) {
        result.matches.push({ a: [arangeStart, arangeEnd], b: [brangeStart, brangeEnd], len: matchLen });
      }
      arangeStart = alen;
    }
  }
  if (out) result.str = out.toString('latin1');
  return result;
}
