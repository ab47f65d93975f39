/**
 * The compatibility script format (test/compat/scripts/*.redis):
 *
 *   # a comment; blank lines are ignored
 *   SET key "a value with \x00 bytes\r\n"     one command per line
 *   @sort KEYS *                               modifiers, then the command
 *
 * Arguments are split as redis-cli splits a line (sds.c sdssplitargs):
 * blanks separate arguments; "double quotes" understand \xHH (any byte
 * 0..255), \n \r \t \b \a and \<char>; 'single quotes' understand only \'.
 * "" is an empty argument. A closing quote must be followed by a blank.
 *
 * Modifiers (each starts with @, before the command). They only say how two
 * replies are compared, and exist for replies Redis itself does not make
 * deterministic; everything else is compared byte for byte:
 *
 *   @sort      aggregates (at every level) are compared as sorted multisets
 *              of their elements' raw bytes: KEYS, SCAN and friends return
 *              keys in hash-table order, which differs between servers.
 *   @ttl       integer replies may differ by at most 1 (TTL / EXPIRETIME in
 *              seconds set from a relative time a few ms apart).
 *   @pttl      integer replies may differ by at most 1000 (PTTL /
 *              PEXPIRETIME in milliseconds, for the same reason).
 *   @typeonly  only the reply's type byte is compared (HELLO, CLIENT ID:
 *              connection ids differ by construction).
 *   @resp2 / @resp3   run the line only in that protocol pass.
 */
export type Modifier = 'sort' | 'ttl' | 'pttl' | 'typeonly' | 'resp2' | 'resp3';

const MODIFIERS: ReadonlySet<string> = new Set(['sort', 'ttl', 'pttl', 'typeonly', 'resp2', 'resp3']);

export interface ScriptLine {
  /** 1-based line number in the file. */
  line: number;
  /** The line as written (without modifiers), for messages. */
  text: string;
  argv: string[];
  mods: ReadonlySet<Modifier>;
}

function hexDigit(c: string): number {
  return c.length === 1 && /[0-9a-fA-F]/.test(c) ? parseInt(c, 16) : -1;
}

/** sdssplitargs on one line (latin1 string in, latin1 argv out); throws on unbalanced quotes. */
export function splitArgs(line: string): string[] {
  const out: string[] = [];
  let p = 0;
  const n = line.length;
  const isBlank = (c: string): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\v' || c === '\f';
  for (;;) {
    while (p < n && isBlank(line[p])) p++;
    if (p >= n) return out;
    let cur = '';
    let inDq = false;
    let inSq = false;
    let done = false;
    while (!done) {
      if (inDq) {
        if (p >= n) throw new Error('unbalanced double quote');
        const c = line[p];
        if (c === '\\' && line[p + 1] === 'x' && hexDigit(line[p + 2] ?? '') >= 0 && hexDigit(line[p + 3] ?? '') >= 0) {
          cur += String.fromCharCode(hexDigit(line[p + 2]) * 16 + hexDigit(line[p + 3]));
          p += 3;
        } else if (c === '\\' && p + 1 < n) {
          p++;
          const e = line[p];
          cur += e === 'n' ? '\n' : e === 'r' ? '\r' : e === 't' ? '\t' : e === 'b' ? '\b' : e === 'a' ? '\x07' : e;
        } else if (c === '"') {
          if (p + 1 < n && !isBlank(line[p + 1])) throw new Error('closing quote must be followed by a blank');
          done = true;
        } else {
          cur += c;
        }
      } else if (inSq) {
        if (p >= n) throw new Error('unbalanced single quote');
        const c = line[p];
        if (c === '\\' && line[p + 1] === "'") {
          p++;
          cur += "'";
        } else if (c === "'") {
          if (p + 1 < n && !isBlank(line[p + 1])) throw new Error('closing quote must be followed by a blank');
          done = true;
        } else {
          cur += c;
        }
      } else {
        if (p >= n) break;
        const c = line[p];
        if (c === ' ' || c === '\n' || c === '\r' || c === '\t') done = true;
        else if (c === '"') inDq = true;
        else if (c === "'") inSq = true;
        else cur += c;
      }
      if (p < n) p++;
    }
    out.push(cur);
  }
}

/** Parse a whole script (its text read as latin1). */
export function parseScript(text: string): ScriptLine[] {
  const lines: ScriptLine[] = [];
  text.split('\n').forEach((raw, i) => {
    let rest = raw.replace(/\r$/, '').trim();
    if (rest === '' || rest.startsWith('#')) return;
    const mods = new Set<Modifier>();
    for (;;) {
      const m = /^@([a-z0-9]+)\s+/.exec(rest);
      if (!m) break;
      if (!MODIFIERS.has(m[1])) throw new Error(`line ${i + 1}: unknown modifier @${m[1]}`);
      mods.add(m[1] as Modifier);
      rest = rest.slice(m[0].length);
    }
    let argv: string[];
    try {
      argv = splitArgs(rest);
    } catch (e) {
      throw new Error(`line ${i + 1}: ${(e as Error).message}: ${rest}`);
    }
    if (argv.length === 0) throw new Error(`line ${i + 1}: no command after modifiers`);
    lines.push({ line: i + 1, text: rest, argv, mods });
  });
  return lines;
}
