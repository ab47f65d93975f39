/**
 * Shared helpers for command handlers: HELP replies and argument parsing
 * that reply with Redis's error themselves (named ...OrReply, as in Redis).
 */
import type { CommandContext } from './types.js';
import { NOT_INTEGER, SYNTAX } from './errors.js';
import { compileGlob } from '../datatypes/glob.js';
import { parseDouble, parseInt64 } from '../datatypes/numbers.js';

/** Redis's addReplyHelp: a header line, the given lines, then HELP's own entry. */
export function addHelp(c: CommandContext, command: string, lines: readonly string[]): void {
  const all = [
    `${command.toUpperCase()} <subcommand> [<arg> [value] [opt] ...]. Subcommands are:`,
    ...lines,
    'HELP',
    '    Prints this help.',
  ];
  c.addArrayLen(all.length);
  for (const l of all) c.addStatus(l);
}

/** An int64 argument as a JS number (exact only up to 2^53), or null after replying the error. */
export function intArgOrReply(c: CommandContext, s: string, error = NOT_INTEGER): number | null {
  const v = parseInt64(s);
  if (v === null) {
    c.addError(error);
    return null;
  }
  return Number(v);
}

/** An int64 argument as a bigint, or null after replying the error. */
export function bigIntArgOrReply(c: CommandContext, s: string, error = NOT_INTEGER): bigint | null {
  const v = parseInt64(s);
  if (v === null) c.addError(error);
  return v;
}

/**
 * Redis's getTimeoutFromObjectOrReply: a blocking command's timeout, in
 * seconds as a float (BLPOP…) or in ms as an integer (XREAD BLOCK).
 * Returns the relative timeout in ms (0 = wait forever), or null after
 * replying the error.
 */
export function timeoutArgOrReply(c: CommandContext, s: string, unit: 'seconds' | 'ms' = 'seconds'): number | null {
  let ms: number;
  if (unit === 'seconds') {
    const secs = parseDouble(s);
    if (secs === null || !Number.isFinite(secs)) {
      c.addError('ERR timeout is not a float or out of range');
      return null;
    }
    ms = Math.trunc(secs * 1000);
  } else {
    const v = parseInt64(s);
    if (v === null) {
      c.addError('ERR timeout is not an integer or out of range');
      return null;
    }
    ms = Number(v);
  }
  if (ms < 0) {
    c.addError('ERR timeout is negative');
    return null;
  }
  if (ms > Number.MAX_SAFE_INTEGER - c.server.clock.now()) {
    c.addError('ERR timeout is out of range');
    return null;
  }
  return ms;
}

/**
 * Redis's parseScanCursorOrReply (strtoul on the C string) for SCAN, HSCAN,
 * SSCAN and ZSCAN: an optional sign (a minus wraps modulo 2^64), decimal
 * digits, nothing else before the first NUL; an empty string is 0; leading
 * blanks and values past 2^64-1 are invalid (null).
 */
export function parseScanCursor(arg: string): number | null {
  const nul = arg.indexOf('\0');
  const s = nul < 0 ? arg : arg.slice(0, nul);
  if (s.length === 0) return 0;
  const m = /^([+-]?)(\d+)$/.exec(s);
  if (m === null) return null;
  let v = BigInt(m[2]);
  if (v > 0xffffffffffffffffn) return null;
  if (m[1] === '-') v = (0x10000000000000000n - v) % 0x10000000000000000n;
  return Number(v);
}

/** strcasecmp(arg, word) == 0 for a lowercase ASCII `word`, without allocating: `arg` ends at its first NUL, as a C string. */
export function isWord(arg: string, word: string): boolean {
  const n = word.length;
  if (arg.length < n || (arg.length > n && arg.charCodeAt(n) !== 0)) return false;
  for (let i = 0; i < n; i++) {
    let ch = arg.charCodeAt(i);
    if (ch >= 65 && ch <= 90) ch += 32;
    if (ch !== word.charCodeAt(i)) return false;
  }
  return true;
}

/**
 * The COUNT / MATCH options of HSCAN, SSCAN and ZSCAN (scanGenericCommand),
 * from argv[from] on; null after replying the error. COUNT must be a
 * positive integer; a lone "*" pattern means no filtering.
 */
export function collectionScanOptionsOrReply(
  c: CommandContext,
  argv: readonly string[],
  from: number,
): { count: number; match: ((s: string) => boolean) | null } | null {
  let count = 10;
  let pattern: string | null = null;
  for (let i = from; i < argv.length; i += 2) {
    const more = i + 1 < argv.length;
    if (more && isWord(argv[i], 'count')) {
      const v = parseInt64(argv[i + 1]);
      if (v === null) {
        c.addError(NOT_INTEGER);
        return null;
      }
      if (v < 1n) {
        c.addError(SYNTAX);
        return null;
      }
      count = Number(v);
    } else if (more && isWord(argv[i], 'match')) {
      pattern = argv[i + 1] === '*' ? null : argv[i + 1];
    } else {
      c.addError(SYNTAX);
      return null;
    }
  }
  return { count, match: pattern === null ? null : compileGlob(pattern, false) };
}

/**
 * Redis's getRangeLongFromObjectOrReply with [min, LONG_MAX]: one error
 * message for both "not an integer" and "out of range", as Redis replies.
 */
export function rangeLongOrReply(c: CommandContext, s: string, min: number, error: string): number | null {
  const v = parseInt64(s);
  if (v === null || v < BigInt(min)) {
    c.addError(error);
    return null;
  }
  return Number(v);
}
