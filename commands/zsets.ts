/**
 * The sorted-set family (Redis's t_zset.c): ZADD/ZINCRBY, lookups and
 * ranks, the range queries by rank, score and member (ZRANGE and its
 * deprecated spellings, ZRANGESTORE), range removals, the pops (ZPOPMIN,
 * ZPOPMAX, ZMPOP and the blocking BZPOPMIN, BZPOPMAX, BZMPOP), ZRANDMEMBER,
 * the set operations (ZUNION, ZINTER, ZDIFF, their STORE forms and
 * ZINTERCARD) and ZSCAN. The data structure is datatypes/zset.ts.
 *
 * Conventions that matter for byte-compatibility with Redis 7.0.15:
 *  - Arguments are checked in Redis's order: options and numbers first,
 *    then the key (ZRANGE parses its whole range before the lookup, the set
 *    operations look every source key up before reading WEIGHTS).
 *  - RESP3: scores are doubles (`,1.5`); WITHSCORES replies become arrays of
 *    [member, score] pairs (ZRANGE*, ZUNION/ZINTER/ZDIFF, ZRANDMEMBER, ZPOP*
 *    with a count); ZPOPMIN without a count, BZPOPMIN/BZPOPMAX stay flat;
 *    ZMPOP/BZMPOP always nest. ZSCAN replies bulk strings in both.
 *  - A write that empties a sorted set deletes the key ('del' event).
 *  - Pops propagate as ZPOPMIN/ZPOPMAX: BZPOPMIN key → ZPOPMIN key;
 *    ZMPOP/BZMPOP → ZPOPMIN key <number popped>, as 7.0 rewrites them.
 *  - Blocking commands wait through server/blocking.ts: the handler runs
 *    again when a waited key changes; on such a re-run (`c.blocked`), keys
 *    of another type are skipped, as 7.0's serve routine only serves zsets.
 *  - Sets can stand in for sorted sets in the set operations, every member
 *    with score 1; a sum of +inf and -inf (NaN) counts as 0.
 */
import type { ArgDoc, CommandContext, CommandSpec, KeySpec, KeySpecFlag } from './types.js';
import { NOT_FLOAT, NOT_INTEGER, SYNTAX, WRONGTYPE } from './errors.js';
import { collectionScanOptionsOrReply, intArgOrReply, isWord, parseScanCursor, rangeLongOrReply, timeoutArgOrReply } from './help.js';
import { INT64_MIN, formatDouble, parseDouble, parseInt64 } from '../datatypes/numbers.js';
import { compileGlob } from '../datatypes/glob.js';
import type { Value } from '../datatypes/values.js';
import { SetValue } from '../datatypes/set.js';
import {
  ZADD_GT,
  ZADD_INCR,
  ZADD_LT,
  ZADD_NX,
  ZADD_OUT_ADDED,
  ZADD_OUT_NAN,
  ZADD_OUT_NOP,
  ZADD_OUT_UPDATED,
  ZADD_XX,
  ZSetValue,
  parseLexRange,
  parseScoreRange,
  type LexRange,
  type ScoreRange,
  type ZSetLimits,
} from '../datatypes/zset.js';

const NOT_FLOAT_RANGE = 'ERR min or max is not a float';
const NOT_LEX_RANGE = 'ERR min or max not valid string range item';
const NAN_SCORE = 'ERR resulting score is not a number (NaN)';
const INT64_MAX_BIG = 9223372036854775807n;

// --- helpers -------------------------------------------------------------------

function limitsOf(c: CommandContext): ZSetLimits {
  return {
    maxEntries: c.server.config.getNumber('zset-max-listpack-entries'),
    maxValue: c.server.config.getNumber('zset-max-listpack-value'),
  };
}

function notifyZset(c: CommandContext, event: string, key: string): void {
  c.server.notifyKeyspaceEvent('z', event, key, c.db.id);
}

function notifyDel(c: CommandContext, key: string): void {
  c.server.notifyKeyspaceEvent('g', 'del', key, c.db.id);
}

/** A value that must be a sorted set if present: the set, undefined, or null after WRONGTYPE. */
function asZset(c: CommandContext, v: Value | undefined): ZSetValue | undefined | null {
  if (v === undefined) return undefined;
  if (v instanceof ZSetValue) return v;
  c.addError(WRONGTYPE);
  return null;
}

/** Array header for `n` results, flat pairs in RESP2 when WITHSCORES. */
function addScoredLen(c: CommandContext, n: number, withScores: boolean): void {
  c.addArrayLen(withScores && c.resp === 2 ? n * 2 : n);
}

/** One result: the member, its score as a double, nested as a pair in RESP3. */
function addScored(c: CommandContext, member: string, score: number, withScores: boolean): void {
  if (!withScores) {
    c.addBulk(member);
    return;
  }
  if (c.resp > 2) c.addArrayLen(2);
  c.addBulk(member);
  c.addDouble(score);
}

/** Collected results of a range query, replied or stored once complete. */
class Results {
  readonly members: string[] = [];
  readonly scores: number[] = [];
  readonly push = (member: string, score: number): void => {
    this.members.push(member);
    this.scores.push(score);
  };

  reply(c: CommandContext, withScores: boolean): void {
    const n = this.members.length;
    addScoredLen(c, n, withScores);
    for (let i = 0; i < n; i++) addScored(c, this.members[i], this.scores[i], withScores);
  }
}

/** After members were removed in place: delete an emptied key, or signal the change. */
function afterRemoval(c: CommandContext, key: string, z: ZSetValue, event: string): boolean {
  notifyZset(c, event, key);
  if (z.length === 0) {
    c.db.delete(key);
    notifyDel(c, key);
    return true;
  }
  c.db.signalModified(key);
  return false;
}

// --- ZADD / ZINCRBY -----------------------------------------------------------

/** Redis's zaddGenericCommand: ZADD, and ZINCRBY as ZADD with INCR forced. */
function zaddGeneric(c: CommandContext, argv: string[], forced: number): void {
  const key = argv[1];
  let flags = forced;
  let ch = false;
  let idx = 2;
  for (; idx < argv.length; idx++) {
    const opt = argv[idx];
    if (isWord(opt, 'nx')) flags |= ZADD_NX;
    else if (isWord(opt, 'xx')) flags |= ZADD_XX;
    else if (isWord(opt, 'ch')) ch = true;
    else if (isWord(opt, 'incr')) flags |= ZADD_INCR;
    else if (isWord(opt, 'gt')) flags |= ZADD_GT;
    else if (isWord(opt, 'lt')) flags |= ZADD_LT;
    else break;
  }
  const incr = (flags & ZADD_INCR) !== 0;
  const nx = (flags & ZADD_NX) !== 0;
  const xx = (flags & ZADD_XX) !== 0;
  const gt = (flags & ZADD_GT) !== 0;
  const lt = (flags & ZADD_LT) !== 0;

  const pairArgs = argv.length - idx;
  if (pairArgs % 2 !== 0 || pairArgs === 0) {
    c.addError(SYNTAX);
    return;
  }
  const elements = pairArgs / 2;
  if (nx && xx) {
    c.addError('ERR XX and NX options at the same time are not compatible');
    return;
  }
  if ((gt && nx) || (lt && nx) || (gt && lt)) {
    c.addError('ERR GT, LT, and/or NX options at the same time are not compatible');
    return;
  }
  if (incr && elements > 1) {
    c.addError('ERR INCR option supports a single increment-element pair');
    return;
  }
  // Every score is checked before anything changes: all or nothing.
  const scores: number[] = [];
  for (let j = 0; j < elements; j++) {
    const s = parseDouble(argv[idx + j * 2]);
    if (s === null) {
      c.addError(NOT_FLOAT);
      return;
    }
    scores.push(s);
  }

  let z = asZset(c, c.db.lookupWrite(key));
  if (z === null) return;
  let added = 0;
  let updated = 0;
  let processed = 0;
  let score = 0;
  const limits = limitsOf(c);
  if (z === undefined) {
    if (xx) {
      replyZadd(c, incr, ch, processed, score, added, updated);
      return;
    }
    z = ZSetValue.createFor(argv[idx + 1], limits);
    c.db.setKey(key, z);
  }
  for (let j = 0; j < elements; j++) {
    const out = z.add(scores[j], argv[idx + 1 + j * 2], flags, limits);
    if ((out & ZADD_OUT_NAN) !== 0) {
      c.addError(NAN_SCORE);
      zaddChanged(c, key, incr, added, updated);
      return;
    }
    if ((out & ZADD_OUT_ADDED) !== 0) added++;
    if ((out & ZADD_OUT_UPDATED) !== 0) updated++;
    if ((out & ZADD_OUT_NOP) === 0) processed++;
    score = z.newScore;
  }
  c.server.dirty += added + updated;
  replyZadd(c, incr, ch, processed, score, added, updated);
  zaddChanged(c, key, incr, added, updated);
}

function replyZadd(c: CommandContext, incr: boolean, ch: boolean, processed: number, score: number, added: number, updated: number): void {
  if (incr) {
    if (processed > 0) c.addDouble(score);
    else c.addNull();
  } else {
    c.addInt(ch ? added + updated : added);
  }
}

function zaddChanged(c: CommandContext, key: string, incr: boolean, added: number, updated: number): void {
  if (added === 0 && updated === 0) return;
  c.db.signalModified(key);
  notifyZset(c, incr ? 'zincr' : 'zadd', key);
}

// --- ZREM / ZCARD / ZSCORE / ZMSCORE / ZRANK ----------------------------------

function zrem(c: CommandContext, argv: string[]): void {
  const key = argv[1];
  const z = asZset(c, c.db.lookupWrite(key));
  if (z === null) return;
  if (z === undefined) {
    c.addInt(0);
    return;
  }
  let deleted = 0;
  for (let j = 2; j < argv.length; j++) {
    if (z.remove(argv[j])) deleted++;
    if (z.length === 0) break;
  }
  if (deleted > 0) {
    afterRemoval(c, key, z, 'zrem');
    c.server.dirty += deleted;
  }
  c.addInt(deleted);
}

function zcard(c: CommandContext, argv: string[]): void {
  const z = asZset(c, c.db.lookupRead(argv[1]));
  if (z === null) return;
  c.addInt(z === undefined ? 0 : z.length);
}

function zscore(c: CommandContext, argv: string[]): void {
  const z = asZset(c, c.db.lookupRead(argv[1]));
  if (z === null) return;
  const s = z === undefined ? undefined : z.score(argv[2]);
  if (s === undefined) c.addNull();
  else c.addDouble(s);
}

function zmscore(c: CommandContext, argv: string[]): void {
  const z = asZset(c, c.db.lookupRead(argv[1]));
  if (z === null) return;
  c.addArrayLen(argv.length - 2);
  for (let j = 2; j < argv.length; j++) {
    // A missing key answers as an empty sorted set.
    const s = z === undefined ? undefined : z.score(argv[j]);
    if (s === undefined) c.addNull();
    else c.addDouble(s);
  }
}

function zrankGeneric(c: CommandContext, argv: string[], reverse: boolean): void {
  const z = asZset(c, c.db.lookupRead(argv[1]));
  if (z === null) return;
  const r = z === undefined ? -1 : z.rank(argv[2], reverse);
  if (r < 0) c.addNull();
  else c.addInt(r);
}

// --- ZCOUNT / ZLEXCOUNT --------------------------------------------------------

function zcount(c: CommandContext, argv: string[]): void {
  const range = parseScoreRange(argv[2], argv[3]);
  if (range === null) {
    c.addError(NOT_FLOAT_RANGE);
    return;
  }
  const z = asZset(c, c.db.lookupRead(argv[1]));
  if (z === null) return;
  c.addInt(z === undefined ? 0 : z.countInRange(range));
}

function zlexcount(c: CommandContext, argv: string[]): void {
  const range = parseLexRange(argv[2], argv[3]);
  if (range === null) {
    c.addError(NOT_LEX_RANGE);
    return;
  }
  const z = asZset(c, c.db.lookupRead(argv[1]));
  if (z === null) return;
  c.addInt(z === undefined ? 0 : z.countInLexRange(range));
}

// --- ZRANGE and friends ------------------------------------------------------------

type RangeType = 'auto' | 'rank' | 'score' | 'lex';
type Direction = 'auto' | 'forward' | 'reverse';

/**
 * Redis's zrangeGenericCommand, behind ZRANGE, ZRANGESTORE, ZREVRANGE,
 * Z[REV]RANGEBYSCORE and Z[REV]RANGEBYLEX. `start` is the index of the
 * source key; `store` is the destination key for ZRANGESTORE. The
 * deprecated commands fix the range type and direction, so their BYSCORE,
 * BYLEX and REV words are syntax errors, as in Redis.
 */
function zrangeGeneric(c: CommandContext, argv: string[], start: number, store: string | null, type: RangeType, dir: Direction): void {
  const key = argv[start];
  let minIdx = start + 1;
  let maxIdx = start + 2;
  let withScores = false;
  let offset = 0;
  let limit = -1;
  for (let j = start + 3; j < argv.length; j++) {
    const left = argv.length - j - 1;
    const opt = argv[j];
    if (store === null && isWord(opt, 'withscores')) {
      withScores = true;
    } else if (isWord(opt, 'limit') && left >= 2) {
      const o = intArgOrReply(c, argv[j + 1]);
      if (o === null) return;
      const l = intArgOrReply(c, argv[j + 2]);
      if (l === null) return;
      offset = o;
      limit = l;
      j += 2;
    } else if (dir === 'auto' && isWord(opt, 'rev')) {
      dir = 'reverse';
    } else if (type === 'auto' && isWord(opt, 'bylex')) {
      type = 'lex';
    } else if (type === 'auto' && isWord(opt, 'byscore')) {
      type = 'score';
    } else {
      c.addError(SYNTAX);
      return;
    }
  }
  if (dir === 'auto') dir = 'forward';
  if (type === 'auto') type = 'rank';
  if (limit !== -1 && type === 'rank') {
    c.addError('ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX');
    return;
  }
  if (withScores && type === 'lex') {
    c.addError('ERR syntax error, WITHSCORES not supported in combination with BYLEX');
    return;
  }
  const reverse = dir === 'reverse';
  if (reverse && type !== 'rank') {
    // Reversed ranges are written max first.
    minIdx = start + 2;
    maxIdx = start + 1;
  }

  let rankStart = 0;
  let rankEnd = 0;
  let scoreRange: ScoreRange | null = null;
  let lexRange: LexRange | null = null;
  if (type === 'rank') {
    const s = intArgOrReply(c, argv[minIdx]);
    if (s === null) return;
    const e = intArgOrReply(c, argv[maxIdx]);
    if (e === null) return;
    rankStart = s;
    rankEnd = e;
  } else if (type === 'score') {
    scoreRange = parseScoreRange(argv[minIdx], argv[maxIdx]);
    if (scoreRange === null) {
      c.addError(NOT_FLOAT_RANGE);
      return;
    }
  } else {
    lexRange = parseLexRange(argv[minIdx], argv[maxIdx]);
    if (lexRange === null) {
      c.addError(NOT_LEX_RANGE);
      return;
    }
  }

  const z = asZset(c, c.db.lookupRead(key));
  if (z === null) return;
  const out = new Results();
  if (z !== undefined) {
    if (type === 'rank') {
      const n = z.length;
      if (rankStart < 0) rankStart += n;
      if (rankEnd < 0) rankEnd += n;
      if (rankStart < 0) rankStart = 0;
      if (rankStart <= rankEnd && rankStart < n) {
        if (rankEnd >= n) rankEnd = n - 1;
        z.rangeByRank(rankStart, rankEnd, reverse, out.push);
      }
    } else if (scoreRange !== null) {
      z.rangeByScore(scoreRange, offset, limit, reverse, out.push);
    } else if (lexRange !== null) {
      z.rangeByLex(lexRange, offset, limit, reverse, out.push);
    }
  }
  if (store !== null) storeRange(c, store, out);
  else out.reply(c, withScores);
}

/** ZRANGESTORE's result: a new sorted set built member by member, or the destination deleted. */
function storeRange(c: CommandContext, dst: string, out: Results): void {
  const n = out.members.length;
  if (n === 0) {
    c.addInt(0);
    if (c.db.delete(dst)) {
      notifyDel(c, dst);
      c.server.dirty++;
    }
    return;
  }
  // Starts as a listpack and converts on the way, as Redis builds it.
  const z = ZSetValue.createListpack();
  const limits = limitsOf(c);
  for (let i = 0; i < n; i++) z.add(out.scores[i], out.members[i], 0, limits);
  c.db.setKey(dst, z);
  c.addInt(n);
  notifyZset(c, 'zrangestore', dst);
  c.server.dirty++;
}

// --- ZREMRANGEBYRANK / BYSCORE / BYLEX ----------------------------------------

function zremrangeGeneric(c: CommandContext, argv: string[], type: 'rank' | 'score' | 'lex'): void {
  const key = argv[1];
  let start = 0;
  let end = 0;
  let scoreRange: ScoreRange | null = null;
  let lexRange: LexRange | null = null;
  if (type === 'rank') {
    const s = intArgOrReply(c, argv[2]);
    if (s === null) return;
    const e = intArgOrReply(c, argv[3]);
    if (e === null) return;
    start = s;
    end = e;
  } else if (type === 'score') {
    scoreRange = parseScoreRange(argv[2], argv[3]);
    if (scoreRange === null) {
      c.addError(NOT_FLOAT_RANGE);
      return;
    }
  } else {
    lexRange = parseLexRange(argv[2], argv[3]);
    if (lexRange === null) {
      c.addError(NOT_LEX_RANGE);
      return;
    }
  }
  const z = asZset(c, c.db.lookupWrite(key));
  if (z === null) return;
  if (z === undefined) {
    c.addInt(0);
    return;
  }
  let deleted: number;
  if (type === 'rank') {
    const n = z.length;
    if (start < 0) start += n;
    if (end < 0) end += n;
    if (start < 0) start = 0;
    if (start > end || start >= n) {
      c.addInt(0);
      return;
    }
    if (end >= n) end = n - 1;
    deleted = z.removeRangeByRank(start, end);
  } else if (scoreRange !== null) {
    deleted = z.removeRangeByScore(scoreRange);
  } else {
    deleted = z.removeRangeByLex(lexRange as LexRange);
  }
  if (deleted > 0) afterRemoval(c, key, z, 'zremrangeby' + type);
  c.server.dirty += deleted;
  c.addInt(deleted);
}

// --- pops ---------------------------------------------------------------------------

/**
 * Redis's genericZpopCommand: pop up to `count` members (-1: a plain single
 * pop) from the first existing key of `keys`. `emitKey` puts the key name in
 * the reply (BZPOP*, ZMPOP); `nested` replies [member, score] pairs;
 * `nilWhenEmpty` answers a null array rather than an empty one when no key
 * exists. Returns the key popped from and its length before, or null.
 */
function genericZpop(
  c: CommandContext,
  keys: readonly string[],
  max: boolean,
  emitKey: boolean,
  count: number,
  nested: boolean,
  nilWhenEmpty: boolean,
): { key: string; length: number } | null {
  let key = '';
  let z: ZSetValue | undefined;
  for (const k of keys) {
    const found = asZset(c, c.db.lookupWrite(k));
    if (found === null) return null;
    if (found === undefined) continue;
    key = k;
    z = found;
    break;
  }
  if (z === undefined) {
    if (nilWhenEmpty) c.addNullArray();
    else c.addArrayLen(0);
    return null;
  }
  if (count === 0) {
    c.addArrayLen(0);
    return null;
  }
  if (count === -1) count = 1;
  const length = z.length;
  let n = Math.min(count, length);
  if (!nested && !emitKey) {
    c.addArrayLen(n * 2);
  } else if (nested && !emitKey) {
    c.addArrayLen(n);
  } else if (!nested && emitKey) {
    c.addArrayLen(n * 2 + 1);
    c.addBulk(key);
  } else {
    c.addArrayLen(2);
    c.addBulk(key);
    c.addArrayLen(n);
  }
  const zset = z;
  const emit = (member: string, score: number): void => {
    if (nested) c.addArrayLen(2);
    c.addBulk(member);
    c.addDouble(score);
  };
  notifyZset(c, max ? 'zpopmax' : 'zpopmin', key);
  while (n-- > 0) {
    zset.pop(max, emit);
    c.server.dirty++;
  }
  if (zset.length === 0) {
    c.db.delete(key);
    notifyDel(c, key);
  } else {
    c.db.signalModified(key);
  }
  return { key, length };
}

/** What a pop of `count` (-1: single) from a set of `length` members propagates as. */
function popPropagation(max: boolean, key: string, count: number, length: number): string[] {
  const name = max ? 'ZPOPMAX' : 'ZPOPMIN';
  return count === -1 ? [name, key] : [name, key, String(Math.min(count, length))];
}

function zpopMinMax(c: CommandContext, argv: string[], max: boolean): void {
  if (argv.length > 3) {
    c.addError(SYNTAX);
    return;
  }
  let count = -1;
  if (argv.length === 3) {
    const v = rangeLongOrReply(c, argv[2], 0, 'ERR value is out of range, must be positive');
    if (v === null) return;
    count = v;
  }
  // RESP3 nests pairs when a count was given.
  genericZpop(c, [argv[1]], max, false, count, c.resp > 2 && count !== -1, false);
}

/**
 * BZPOPMIN, BZPOPMAX and BZMPOP (Redis's blockingGenericZpopCommand): pop
 * from the first non-empty key, or wait for one.
 */
function blockingZpop(c: CommandContext, argv: string[], keys: string[], max: boolean, timeoutIdx: number, count: number, nested: boolean): void {
  const timeout = timeoutArgOrReply(c, argv[timeoutIdx]);
  if (timeout === null) return;
  const rerun = c.blocked;
  for (const key of keys) {
    const v = c.db.lookupWrite(key);
    if (v === undefined) continue;
    if (!(v instanceof ZSetValue)) {
      // Waiting clients are only served by sorted sets.
      if (rerun) continue;
      c.addError(WRONGTYPE);
      return;
    }
    if (v.length === 0) continue;
    const popped = genericZpop(c, [key], max, true, count, nested, nested);
    if (popped !== null) c.rewritePropagation(popPropagation(max, key, count, popped.length));
    return;
  }
  // Inside MULTI (or a script) there is no waiting: answer as on timeout.
  if (!c.canBlock) {
    c.addNullArray();
    return;
  }
  c.blockOn(keys, timeout, 'nullArray');
}

function bzpop(c: CommandContext, argv: string[], max: boolean): void {
  blockingZpop(c, argv, argv.slice(1, -1), max, argv.length - 1, -1, false);
}

/** ZMPOP / BZMPOP: numkeys key... MIN|MAX [COUNT n] (Redis's zmpopGenericCommand). */
function zmpop(c: CommandContext, argv: string[], numkeysIdx: number, block: boolean): void {
  const numkeys = rangeLongOrReply(c, argv[numkeysIdx], 1, 'ERR numkeys should be greater than 0');
  if (numkeys === null) return;
  const whereIdx = numkeysIdx + numkeys + 1;
  if (whereIdx >= argv.length) {
    c.addError(SYNTAX);
    return;
  }
  let max: boolean;
  if (isWord(argv[whereIdx], 'min')) max = false;
  else if (isWord(argv[whereIdx], 'max')) max = true;
  else {
    c.addError(SYNTAX);
    return;
  }
  let count = -1;
  for (let j = whereIdx + 1; j < argv.length; j++) {
    const more = argv.length - 1 - j;
    if (count === -1 && isWord(argv[j], 'count') && more > 0) {
      j++;
      const v = rangeLongOrReply(c, argv[j], 1, 'ERR count should be greater than 0');
      if (v === null) return;
      count = v;
    } else {
      c.addError(SYNTAX);
      return;
    }
  }
  if (count === -1) count = 1;
  const keys = argv.slice(numkeysIdx + 1, whereIdx);
  if (block) {
    blockingZpop(c, argv, keys, max, 1, count, true);
    return;
  }
  const popped = genericZpop(c, keys, max, true, count, true, true);
  if (popped !== null) c.rewritePropagation(popPropagation(max, popped.key, count, popped.length));
}

// --- ZRANDMEMBER --------------------------------------------------------------------

/** Redis's ZRANDMEMBER_SUB_STRATEGY_MUL. */
const SUB_STRATEGY_MUL = 3;

function zrandmember(c: CommandContext, argv: string[]): void {
  if (argv.length >= 3) {
    const l = parseInt64(argv[2]);
    if (l === null) {
      c.addError(NOT_INTEGER);
      return;
    }
    if (l === INT64_MIN) {
      c.addError('ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807');
      return;
    }
    if (argv.length > 4 || (argv.length === 4 && !isWord(argv[3], 'withscores'))) {
      c.addError(SYNTAX);
      return;
    }
    const withScores = argv.length === 4;
    // count*2 replies must not overflow a long.
    if (withScores && (l < -(INT64_MAX_BIG / 2n) || l > INT64_MAX_BIG / 2n)) {
      c.addError('ERR value is out of range');
      return;
    }
    zrandmemberWithCount(c, argv[1], l, withScores);
    return;
  }
  const z = asZset(c, c.db.lookupRead(argv[1]));
  if (z === null) return;
  if (z === undefined) {
    c.addNull();
    return;
  }
  z.randomMember((m) => c.addBulk(m));
}

function zrandmemberWithCount(c: CommandContext, key: string, l: bigint, withScores: boolean): void {
  const z = asZset(c, c.db.lookupRead(key));
  if (z === null) return;
  if (z === undefined) {
    c.addArrayLen(0);
    return;
  }
  const size = z.length;
  const unique = l >= 0n;
  const count = Number(unique ? l : -l);
  if (count === 0) {
    c.addArrayLen(0);
    return;
  }
  const emit = (m: string, s: number): void => addScored(c, m, s, withScores);

  // Case 1: repetitions allowed (negative count), or a single member.
  if (!unique || count === 1) {
    addScoredLen(c, count, withScores);
    for (let i = 0; i < count; i++) z.randomMember(emit);
    return;
  }
  addScoredLen(c, Math.min(count, size), withScores);
  // Case 2: the whole set, in the order Redis's iterator reads it (highest first).
  if (count >= size) {
    z.forEachReverse(emit);
    return;
  }
  // Case 3: most of the set: drop random members until `count` remain.
  if (count * SUB_STRATEGY_MUL > size) {
    const members: string[] = [];
    const scores: number[] = [];
    z.forEach((m, s) => {
      members.push(m);
      scores.push(s);
    });
    for (let n = size; n > count; n--) {
      const i = Math.floor(Math.random() * n);
      members[i] = members[n - 1];
      scores[i] = scores[n - 1];
    }
    for (let i = 0; i < count; i++) emit(members[i], scores[i]);
    return;
  }
  // Case 4: few of many: a listpack is sampled in one ordered pass, a
  // skiplist by random picks until enough distinct ones came up.
  if (z.isListpack) {
    z.randomDistinctInOrder(count, emit);
    return;
  }
  const seen = new Set<string>();
  while (seen.size < count) {
    z.randomMember((m, s) => {
      if (seen.has(m)) return;
      seen.add(m);
      emit(m, s);
    });
  }
}

// --- ZUNION / ZINTER / ZDIFF and their STORE forms, ZINTERCARD ------------------------

const AGGR_SUM = 0;
const AGGR_MIN = 1;
const AGGR_MAX = 2;

/** One input of a set operation: a sorted set, a plain set (scores 1), or a missing key. */
interface Source {
  value: ZSetValue | SetValue | null;
  weight: number;
}

function sourceLength(s: Source): number {
  const v = s.value;
  if (v === null) return 0;
  return v instanceof ZSetValue ? v.length : v.size;
}

/** The member's score in the source, or undefined. */
function sourceFind(s: Source, member: string): number | undefined {
  const v = s.value;
  if (v === null) return undefined;
  if (v instanceof ZSetValue) return v.score(member);
  return v.has(member) ? 1 : undefined;
}

/**
 * Every member of the source, in the order Redis's zuiNext reads it:
 * sorted sets from the highest score down, sets in their own order.
 * `visit` may return true to stop.
 */
function sourceForEach(s: Source, visit: (member: string, score: number) => boolean | void): void {
  const v = s.value;
  if (v === null) return;
  if (v instanceof ZSetValue) v.forEachReverse(visit);
  else v.forEach((m) => visit(m, 1));
}

/** Redis's zunionInterAggregate; a NaN sum (inf + -inf) counts as 0. */
function aggregate(target: number, value: number, how: number): number {
  if (how === AGGR_SUM) {
    const t = target + value;
    return Number.isNaN(t) ? 0 : t;
  }
  if (how === AGGR_MIN) return value < target ? value : target;
  return value > target ? value : target;
}

type SetOp = 'union' | 'inter' | 'diff';

/**
 * Redis's zunionInterDiffGenericCommand. `dst` is the destination of the
 * STORE forms, `numkeysIdx` where numkeys is, `cardOnly` for ZINTERCARD.
 */
function zsetOperation(c: CommandContext, argv: string[], name: string, dst: string | null, numkeysIdx: number, op: SetOp, cardOnly: boolean): void {
  const setnum = intArgOrReply(c, argv[numkeysIdx]);
  if (setnum === null) return;
  if (setnum < 1) {
    c.addError(`ERR at least 1 input key is needed for '${name}' command`);
    return;
  }
  if (setnum > argv.length - (numkeysIdx + 1)) {
    c.addError(SYNTAX);
    return;
  }
  const src: Source[] = [];
  let j = numkeysIdx + 1;
  for (let i = 0; i < setnum; i++, j++) {
    const v = c.db.lookupRead(argv[j]);
    if (v !== undefined && !(v instanceof ZSetValue) && !(v instanceof SetValue)) {
      c.addError(WRONGTYPE);
      return;
    }
    src.push({ value: v ?? null, weight: 1 });
  }

  let how = AGGR_SUM;
  let withScores = false;
  let limit = 0;
  let remaining = argv.length - j;
  while (remaining > 0) {
    const opt = argv[j];
    if (op !== 'diff' && !cardOnly && remaining >= setnum + 1 && isWord(opt, 'weights')) {
      j++;
      remaining--;
      for (let i = 0; i < setnum; i++, j++, remaining--) {
        const w = parseDouble(argv[j]);
        if (w === null) {
          c.addError('ERR weight value is not a float');
          return;
        }
        src[i].weight = w;
      }
    } else if (op !== 'diff' && !cardOnly && remaining >= 2 && isWord(opt, 'aggregate')) {
      j++;
      remaining--;
      const a = argv[j];
      if (isWord(a, 'sum')) how = AGGR_SUM;
      else if (isWord(a, 'min')) how = AGGR_MIN;
      else if (isWord(a, 'max')) how = AGGR_MAX;
      else {
        c.addError(SYNTAX);
        return;
      }
      j++;
      remaining--;
    } else if (dst === null && !cardOnly && isWord(opt, 'withscores')) {
      j++;
      remaining--;
      withScores = true;
    } else if (cardOnly && remaining >= 2 && isWord(opt, 'limit')) {
      j++;
      remaining--;
      const l = rangeLongOrReply(c, argv[j], 0, "ERR LIMIT can't be negative");
      if (l === null) return;
      limit = l;
      j++;
      remaining--;
    } else {
      c.addError(SYNTAX);
      return;
    }
  }

  // Smallest inputs first (a stable sort, as glibc's merge-sort qsort).
  if (op !== 'diff') src.sort((a, b) => sourceLength(a) - sourceLength(b));

  const result = ZSetValue.createSkiplist();
  let cardinality = 0;
  if (op === 'inter') {
    if (sourceLength(src[0]) > 0) {
      const first = src[0];
      sourceForEach(first, (member, s0) => {
        let score = first.weight * s0;
        if (Number.isNaN(score)) score = 0;
        let k = 1;
        for (; k < src.length; k++) {
          // The input being walked may be given twice: read it directly.
          if (src[k].value === first.value) {
            score = aggregate(score, s0 * src[k].weight, how);
            continue;
          }
          const found = sourceFind(src[k], member);
          if (found === undefined) break;
          score = aggregate(score, found * src[k].weight, how);
        }
        if (k < src.length) return false;
        if (cardOnly) {
          cardinality++;
          return limit !== 0 && cardinality >= limit;
        }
        result.insertNew(score, member);
        return false;
      });
    }
  } else if (op === 'union') {
    const acc = new Map<string, number>();
    for (const s of src) {
      if (sourceLength(s) === 0) continue;
      sourceForEach(s, (member, score) => {
        let v = s.weight * score;
        if (Number.isNaN(v)) v = 0;
        const prev = acc.get(member);
        acc.set(member, prev === undefined ? v : aggregate(prev, v, how));
      });
    }
    for (const [member, score] of acc) result.insertNew(score, member);
  } else {
    zdiff(src, result);
  }

  if (dst !== null) {
    if (result.length > 0) {
      result.convertToListpackIfFits(limitsOf(c));
      c.db.setKey(dst, result);
      c.addInt(result.length);
      notifyZset(c, op === 'union' ? 'zunionstore' : op === 'inter' ? 'zinterstore' : 'zdiffstore', dst);
      c.server.dirty++;
    } else {
      c.addInt(0);
      if (c.db.delete(dst)) {
        notifyDel(c, dst);
        c.server.dirty++;
      }
    }
    return;
  }
  if (cardOnly) {
    c.addInt(cardinality);
    return;
  }
  addScoredLen(c, result.length, withScores);
  result.forEach((m, s) => addScored(c, m, s, withScores));
}

/**
 * Redis's zdiff: of its two algorithms, the one with less expected work.
 * 1: every member of the first input, kept unless another input has it
 *    (O(N*M)); 2: all of the first input, then every other input's members
 *    removed (O(L + (N-K) log N)).
 */
function zdiff(src: Source[], result: ZSetValue): void {
  if (sourceLength(src[0]) === 0) return;
  let work1 = 0;
  let work2 = 0;
  for (let j = 0; j < src.length; j++) {
    // The first input given again: nothing can remain.
    if (j > 0 && src[j].value === src[0].value) return;
    work1 += sourceLength(src[0]);
    work2 += sourceLength(src[j]);
  }
  work1 = Math.floor(work1 / 2);
  if (work1 <= work2) {
    const others = src.slice(1).sort((a, b) => sourceLength(b) - sourceLength(a));
    sourceForEach(src[0], (member, score) => {
      for (const o of others) if (sourceFind(o, member) !== undefined) return;
      result.insertNew(score, member);
    });
    return;
  }
  let left = 0;
  for (let j = 0; j < src.length && (j === 0 || left > 0); j++) {
    if (sourceLength(src[j]) === 0) continue;
    sourceForEach(src[j], (member, score) => {
      if (j === 0) {
        result.insertNew(score, member);
        left++;
      } else if (result.remove(member)) {
        left--;
      }
      return left === 0;
    });
  }
}

// --- ZSCAN ---------------------------------------------------------------------------

function zscan(c: CommandContext, argv: string[]): void {
  const cursor = parseScanCursor(argv[2]);
  if (cursor === null) {
    c.addError('ERR invalid cursor');
    return;
  }
  const z = asZset(c, c.db.lookupRead(argv[1]));
  if (z === null) return;
  if (z === undefined) {
    c.addArrayLen(2);
    c.addBulk('0');
    c.addArrayLen(0);
    return;
  }
  const opts = collectionScanOptionsOrReply(c, argv, 3);
  if (opts === null) return;
  const { count, match } = opts;
  const items: string[] = [];
  const next = z.scan(cursor, count, (member, score) => {
    if (match !== null && !match(member)) return;
    items.push(member, formatDouble(score));
  });
  c.addArrayLen(2);
  c.addBulk(String(next));
  c.addBulks(items);
}

// --- key extraction for numkeys commands ---------------------------------------------

/** C's atoi: leading blanks, a sign, digits; stops at anything else; int-sized. */
function atoi(s: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?\d+)/.exec(s);
  if (m === null) return 0;
  let v = BigInt(m[1]);
  // strtol saturates at the long limits; the int cast keeps the low 32 bits.
  if (v > INT64_MAX_BIG) v = INT64_MAX_BIG;
  if (v < INT64_MIN) v = INT64_MIN;
  return Number(BigInt.asIntN(32, v));
}

/**
 * Key positions of a numkeys command as COMMAND GETKEYS finds them: from
 * the key specs (the destination, then the inputs) when numkeys is a valid
 * count within argv; otherwise Redis's genericGetKeys fallback (atoi, the
 * destination last).
 */
function numkeysGetKeys(storeIdx: number, numIdx: number, firstIdx: number): (argv: string[]) => number[] {
  return (argv) => {
    const argc = argv.length;
    if (numIdx < argc) {
      const n = parseInt64(argv[numIdx]);
      if (n !== null && n >= 0n) {
        const last = firstIdx + Number(n) - 1;
        if (last < argc && last >= firstIdx && firstIdx < argc) {
          const out = storeIdx > 0 ? [storeIdx] : [];
          for (let i = firstIdx; i <= last; i++) out.push(i);
          return out;
        }
      }
    }
    const num = numIdx < argc ? atoi(argv[numIdx]) : 0;
    if (num < 1 || num > argc - firstIdx) return [];
    const out: number[] = [];
    for (let i = 0; i < num; i++) out.push(firstIdx + i);
    if (storeIdx > 0) out.push(storeIdx);
    return out;
  };
}

// --- command table -------------------------------------------------------------------

const KEY: ArgDoc = { name: 'key', type: 'key', keySpecIndex: 0 };
const KEYS: ArgDoc = { name: 'key', type: 'key', keySpecIndex: 0, multiple: true };
const NUMKEYS: ArgDoc = { name: 'numkeys', type: 'integer' };
const MEMBER: ArgDoc = { name: 'member', type: 'string' };
const WITHSCORES: ArgDoc = { name: 'withscores', type: 'pure-token', token: 'WITHSCORES', optional: true };
const LIMIT: ArgDoc = {
  name: 'offset_count',
  type: 'block',
  token: 'LIMIT',
  optional: true,
  arguments: [
    { name: 'offset', type: 'integer' },
    { name: 'count', type: 'integer' },
  ],
};
const WEIGHTS: ArgDoc = { name: 'weight', type: 'integer', token: 'WEIGHTS', optional: true, multiple: true };
const AGGREGATE: ArgDoc = {
  name: 'aggregate',
  type: 'oneof',
  token: 'AGGREGATE',
  optional: true,
  arguments: [
    { name: 'sum', type: 'pure-token', token: 'SUM' },
    { name: 'min', type: 'pure-token', token: 'MIN' },
    { name: 'max', type: 'pure-token', token: 'MAX' },
  ],
};
const WHERE: ArgDoc = {
  name: 'where',
  type: 'oneof',
  arguments: [
    { name: 'min', type: 'pure-token', token: 'MIN' },
    { name: 'max', type: 'pure-token', token: 'MAX' },
  ],
};
const SORTBY: ArgDoc = {
  name: 'sortby',
  type: 'oneof',
  optional: true,
  arguments: [
    { name: 'byscore', type: 'pure-token', token: 'BYSCORE' },
    { name: 'bylex', type: 'pure-token', token: 'BYLEX' },
  ],
};

const ONE_KEY = { first: 1, last: 1, step: 1 };
const RANGE_COMPLEXITY_LIMIT =
  'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N)).';
const REMRANGE_COMPLEXITY = 'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements removed by the operation.';
const POP_COMPLEXITY = 'O(log(N)*M) with N being the number of elements in the sorted set, and M being the number of elements popped.';
const MPOP_COMPLEXITY =
  'O(K) + O(M*log(N)) where K is the number of provided keys, N being the number of elements in the sorted set, and M being the number of elements popped.';
const UNION_COMPLEXITY = 'O(N)+O(M*log(M)) with N being the sum of the sizes of the input sorted sets, and M being the number of elements in the resulting sorted set.';
const INTER_COMPLEXITY =
  'O(N*K)+O(M*log(M)) worst case with N being the smallest input sorted set, K being the number of input sorted sets and M being the number of elements in the resulting sorted set.';
const DIFF_COMPLEXITY =
  'O(L + (N-K)log(N)) worst case where L is the total number of elements in all the sets, N is the size of the first set, and K is the size of the result set.';

/** Key specs of the STORE forms: the destination, then numkeys inputs after it. */
const STORE_SPECS: readonly KeySpec[] = [
  { flags: ['OW', 'update'], beginSearch: { index: 1 }, findKeys: { lastKey: 0, keyStep: 1, limit: 0 } },
  { flags: ['RO', 'access'], beginSearch: { index: 2 }, findKeys: { keyNumIdx: 0, firstKey: 1, keyStep: 1 } },
];

/** A keynum spec starting at `index` (ZUNION & co, ZMPOP, BZMPOP). */
function keynumSpecs(index: number, flags: readonly KeySpecFlag[]): readonly KeySpec[] {
  return [{ flags, beginSearch: { index }, findKeys: { keyNumIdx: 0, firstKey: 1, keyStep: 1 } }];
}

function zset(spec: Omit<CommandSpec, 'group' | 'acl'>): CommandSpec {
  return { ...spec, group: 'sorted-set', acl: ['sortedset'] };
}

export const zsetCommands: CommandSpec[] = [
  zset({
    name: 'zadd',
    arity: -4,
    flags: ['write', 'denyoom', 'fast'],
    keys: ONE_KEY,
    keyFlags: ['RW', 'update'],
    since: '1.2.0',
    summary: 'Add members with scores to a sorted set, or change the scores of existing members',
    complexity: 'O(log(N)) for each item added, where N is the number of elements in the sorted set.',
    history: [
      ['2.4.0', 'Accepts multiple elements.'],
      ['3.0.2', 'Added the `XX`, `NX`, `CH` and `INCR` options.'],
      ['6.2.0', 'Added the `GT` and `LT` options.'],
    ],
    args: [
      KEY,
      {
        name: 'condition',
        type: 'oneof',
        since: '3.0.2',
        optional: true,
        arguments: [
          { name: 'nx', type: 'pure-token', token: 'NX' },
          { name: 'xx', type: 'pure-token', token: 'XX' },
        ],
      },
      {
        name: 'comparison',
        type: 'oneof',
        since: '6.2.0',
        optional: true,
        arguments: [
          { name: 'gt', type: 'pure-token', token: 'GT' },
          { name: 'lt', type: 'pure-token', token: 'LT' },
        ],
      },
      { name: 'change', type: 'pure-token', token: 'CH', since: '3.0.2', optional: true },
      { name: 'increment', type: 'pure-token', token: 'INCR', since: '3.0.2', optional: true },
      {
        name: 'score_member',
        type: 'block',
        multiple: true,
        arguments: [
          { name: 'score', type: 'double' },
          { name: 'member', type: 'string' },
        ],
      },
    ],
    handler: (c, argv) => zaddGeneric(c, argv, 0),
  }),
  zset({
    name: 'zincrby',
    arity: 4,
    flags: ['write', 'denyoom', 'fast'],
    keys: ONE_KEY,
    since: '1.2.0',
    summary: "Add to a member's score in a sorted set, creating the member if needed",
    complexity: 'O(log(N)) where N is the number of elements in the sorted set.',
    args: [KEY, { name: 'increment', type: 'integer' }, MEMBER],
    handler: (c, argv) => zaddGeneric(c, argv, ZADD_INCR),
  }),
  zset({
    name: 'zrem',
    arity: -3,
    flags: ['write', 'fast'],
    keys: ONE_KEY,
    keyFlags: ['RW', 'delete'],
    since: '1.2.0',
    summary: 'Remove members from a sorted set',
    complexity: 'O(M*log(N)) with N being the number of elements in the sorted set and M the number of elements to be removed.',
    history: [['2.4.0', 'Accepts multiple elements.']],
    args: [KEY, { ...MEMBER, multiple: true }],
    handler: zrem,
  }),
  zset({
    name: 'zcard',
    arity: 2,
    flags: ['readonly', 'fast'],
    keys: ONE_KEY,
    keyFlags: ['RO'],
    since: '1.2.0',
    summary: 'Count the members of a sorted set',
    complexity: 'O(1)',
    args: [KEY],
    handler: zcard,
  }),
  zset({
    name: 'zscore',
    arity: 3,
    flags: ['readonly', 'fast'],
    keys: ONE_KEY,
    since: '1.2.0',
    summary: 'Read the score of one member of a sorted set',
    complexity: 'O(1)',
    args: [KEY, MEMBER],
    handler: zscore,
  }),
  zset({
    name: 'zmscore',
    arity: -3,
    flags: ['readonly', 'fast'],
    keys: ONE_KEY,
    since: '6.2.0',
    summary: 'Read the scores of several members of a sorted set',
    complexity: 'O(N) where N is the number of members being requested.',
    args: [KEY, { ...MEMBER, multiple: true }],
    handler: zmscore,
  }),
  zset({
    name: 'zrank',
    arity: 3,
    flags: ['readonly', 'fast'],
    keys: ONE_KEY,
    since: '2.0.0',
    summary: "A member's position in a sorted set, counting from the lowest score",
    complexity: 'O(log(N))',
    args: [KEY, MEMBER],
    handler: (c, argv) => zrankGeneric(c, argv, false),
  }),
  zset({
    name: 'zrevrank',
    arity: 3,
    flags: ['readonly', 'fast'],
    keys: ONE_KEY,
    since: '2.0.0',
    summary: "A member's position in a sorted set, counting from the highest score",
    complexity: 'O(log(N))',
    args: [KEY, MEMBER],
    handler: (c, argv) => zrankGeneric(c, argv, true),
  }),
  zset({
    name: 'zcount',
    arity: 4,
    flags: ['readonly', 'fast'],
    keys: ONE_KEY,
    since: '2.0.0',
    summary: 'Count the members of a sorted set whose scores lie in a range',
    complexity: 'O(log(N)) with N being the number of elements in the sorted set.',
    args: [KEY, { name: 'min', type: 'double' }, { name: 'max', type: 'double' }],
    handler: zcount,
  }),
  zset({
    name: 'zlexcount',
    arity: 4,
    flags: ['readonly', 'fast'],
    keys: ONE_KEY,
    since: '2.8.9',
    summary: 'Count the members of a sorted set that lie in a lexicographical range',
    complexity: 'O(log(N)) with N being the number of elements in the sorted set.',
    args: [KEY, { name: 'min', type: 'string' }, { name: 'max', type: 'string' }],
    handler: zlexcount,
  }),
  zset({
    name: 'zrange',
    arity: -4,
    flags: ['readonly'],
    keys: ONE_KEY,
    since: '1.2.0',
    summary: 'Read members of a sorted set by rank, score or lexicographical range, in either direction',
    complexity: 'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements returned.',
    history: [['6.2.0', 'Added the `REV`, `BYSCORE`, `BYLEX` and `LIMIT` options.']],
    args: [
      KEY,
      { name: 'start', type: 'string' },
      { name: 'stop', type: 'string' },
      { ...SORTBY, since: '6.2.0' },
      { name: 'rev', type: 'pure-token', token: 'REV', since: '6.2.0', optional: true },
      { ...LIMIT, since: '6.2.0' },
      WITHSCORES,
    ],
    handler: (c, argv) => zrangeGeneric(c, argv, 1, null, 'auto', 'auto'),
  }),
  zset({
    name: 'zrangestore',
    arity: -5,
    flags: ['write', 'denyoom'],
    keys: { first: 1, last: 2, step: 1 },
    keySpecs: [
      { flags: ['OW', 'update'], beginSearch: { index: 1 }, findKeys: { lastKey: 0, keyStep: 1, limit: 0 } },
      { flags: ['RO', 'access'], beginSearch: { index: 2 }, findKeys: { lastKey: 0, keyStep: 1, limit: 0 } },
    ],
    since: '6.2.0',
    summary: 'Copy a range of members of a sorted set into another key',
    complexity: 'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements stored into the destination key.',
    args: [
      { name: 'dst', type: 'key', keySpecIndex: 0 },
      { name: 'src', type: 'key', keySpecIndex: 1 },
      { name: 'min', type: 'string' },
      { name: 'max', type: 'string' },
      SORTBY,
      { name: 'rev', type: 'pure-token', token: 'REV', optional: true },
      LIMIT,
    ],
    handler: (c, argv) => zrangeGeneric(c, argv, 2, argv[1], 'auto', 'auto'),
  }),
  zset({
    name: 'zrevrange',
    arity: -4,
    flags: ['readonly'],
    keys: ONE_KEY,
    since: '1.2.0',
    summary: 'Read members of a sorted set by rank, from the highest score down',
    complexity: 'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements returned.',
    docFlags: ['deprecated'],
    deprecatedSince: '6.2.0',
    replacedBy: '`ZRANGE` with the `REV` argument',
    args: [KEY, { name: 'start', type: 'integer' }, { name: 'stop', type: 'integer' }, WITHSCORES],
    handler: (c, argv) => zrangeGeneric(c, argv, 1, null, 'rank', 'reverse'),
  }),
  zset({
    name: 'zrangebyscore',
    arity: -4,
    flags: ['readonly'],
    keys: ONE_KEY,
    since: '1.0.5',
    summary: 'Read the members of a sorted set whose scores lie in a range',
    complexity: RANGE_COMPLEXITY_LIMIT,
    docFlags: ['deprecated'],
    deprecatedSince: '6.2.0',
    replacedBy: '`ZRANGE` with the `BYSCORE` argument',
    history: [['2.0.0', 'Added the `WITHSCORES` modifier.']],
    args: [KEY, { name: 'min', type: 'double' }, { name: 'max', type: 'double' }, { ...WITHSCORES, since: '2.0.0' }, LIMIT],
    handler: (c, argv) => zrangeGeneric(c, argv, 1, null, 'score', 'forward'),
  }),
  zset({
    name: 'zrevrangebyscore',
    arity: -4,
    flags: ['readonly'],
    keys: ONE_KEY,
    since: '2.2.0',
    summary: 'Read the members of a sorted set whose scores lie in a range, highest first',
    complexity: RANGE_COMPLEXITY_LIMIT,
    docFlags: ['deprecated'],
    deprecatedSince: '6.2.0',
    replacedBy: '`ZRANGE` with the `REV` and `BYSCORE` arguments',
    history: [['2.1.6', '`min` and `max` can be exclusive.']],
    args: [KEY, { name: 'max', type: 'double' }, { name: 'min', type: 'double' }, WITHSCORES, LIMIT],
    handler: (c, argv) => zrangeGeneric(c, argv, 1, null, 'score', 'reverse'),
  }),
  zset({
    name: 'zrangebylex',
    arity: -4,
    flags: ['readonly'],
    keys: ONE_KEY,
    since: '2.8.9',
    summary: 'Read the members of a sorted set that lie in a lexicographical range',
    complexity: RANGE_COMPLEXITY_LIMIT,
    docFlags: ['deprecated'],
    deprecatedSince: '6.2.0',
    replacedBy: '`ZRANGE` with the `BYLEX` argument',
    args: [KEY, { name: 'min', type: 'string' }, { name: 'max', type: 'string' }, LIMIT],
    handler: (c, argv) => zrangeGeneric(c, argv, 1, null, 'lex', 'forward'),
  }),
  zset({
    name: 'zrevrangebylex',
    arity: -4,
    flags: ['readonly'],
    keys: ONE_KEY,
    since: '2.8.9',
    summary: 'Read the members of a sorted set that lie in a lexicographical range, highest first',
    complexity: RANGE_COMPLEXITY_LIMIT,
    docFlags: ['deprecated'],
    deprecatedSince: '6.2.0',
    replacedBy: '`ZRANGE` with the `REV` and `BYLEX` arguments',
    args: [KEY, { name: 'max', type: 'string' }, { name: 'min', type: 'string' }, LIMIT],
    handler: (c, argv) => zrangeGeneric(c, argv, 1, null, 'lex', 'reverse'),
  }),
  zset({
    name: 'zremrangebyrank',
    arity: 4,
    flags: ['write'],
    keys: ONE_KEY,
    keyFlags: ['RW', 'delete'],
    since: '2.0.0',
    summary: 'Remove the members of a sorted set within a range of ranks',
    complexity: REMRANGE_COMPLEXITY,
    args: [KEY, { name: 'start', type: 'integer' }, { name: 'stop', type: 'integer' }],
    handler: (c, argv) => zremrangeGeneric(c, argv, 'rank'),
  }),
  zset({
    name: 'zremrangebyscore',
    arity: 4,
    flags: ['write'],
    keys: ONE_KEY,
    keyFlags: ['RW', 'delete'],
    since: '1.2.0',
    summary: 'Remove the members of a sorted set whose scores lie in a range',
    complexity: REMRANGE_COMPLEXITY,
    args: [KEY, { name: 'min', type: 'double' }, { name: 'max', type: 'double' }],
    handler: (c, argv) => zremrangeGeneric(c, argv, 'score'),
  }),
  zset({
    name: 'zremrangebylex',
    arity: 4,
    flags: ['write'],
    keys: ONE_KEY,
    keyFlags: ['RW', 'delete'],
    since: '2.8.9',
    summary: 'Remove the members of a sorted set that lie in a lexicographical range',
    complexity: REMRANGE_COMPLEXITY,
    args: [KEY, { name: 'min', type: 'string' }, { name: 'max', type: 'string' }],
    handler: (c, argv) => zremrangeGeneric(c, argv, 'lex'),
  }),
  zset({
    name: 'zpopmin',
    arity: -2,
    flags: ['write', 'fast'],
    keys: ONE_KEY,
    keyFlags: ['RW', 'access', 'delete'],
    since: '5.0.0',
    summary: 'Remove and return the members with the lowest scores of a sorted set',
    complexity: POP_COMPLEXITY,
    args: [KEY, { name: 'count', type: 'integer', optional: true }],
    handler: (c, argv) => zpopMinMax(c, argv, false),
  }),
  zset({
    name: 'zpopmax',
    arity: -2,
    flags: ['write', 'fast'],
    keys: ONE_KEY,
    keyFlags: ['RW', 'access', 'delete'],
    since: '5.0.0',
    summary: 'Remove and return the members with the highest scores of a sorted set',
    complexity: POP_COMPLEXITY,
    args: [KEY, { name: 'count', type: 'integer', optional: true }],
    handler: (c, argv) => zpopMinMax(c, argv, true),
  }),
  zset({
    name: 'zmpop',
    arity: -4,
    flags: ['write'],
    keySpecs: keynumSpecs(1, ['RW', 'access', 'delete']),
    getKeys: numkeysGetKeys(0, 1, 2),
    since: '7.0.0',
    summary: 'Remove and return members from the low or high end of the first non-empty sorted set among several',
    complexity: MPOP_COMPLEXITY,
    args: [NUMKEYS, KEYS, WHERE, { name: 'count', type: 'integer', token: 'COUNT', optional: true }],
    handler: (c, argv) => zmpop(c, argv, 1, false),
  }),
  zset({
    name: 'bzpopmin',
    arity: -3,
    flags: ['write', 'noscript', 'blocking', 'fast'],
    keys: { first: 1, last: -2, step: 1 },
    keyFlags: ['RW', 'access', 'delete'],
    since: '5.0.0',
    summary: 'Remove and return the lowest-scored member of the first non-empty sorted set, waiting for one if all are empty',
    complexity: 'O(log(N)) with N being the number of elements in the sorted set.',
    history: [['6.0.0', '`timeout` is interpreted as a double instead of an integer.']],
    args: [KEYS, { name: 'timeout', type: 'double' }],
    handler: (c, argv) => bzpop(c, argv, false),
  }),
  zset({
    name: 'bzpopmax',
    arity: -3,
    flags: ['write', 'noscript', 'blocking', 'fast'],
    keys: { first: 1, last: -2, step: 1 },
    keyFlags: ['RW', 'access', 'delete'],
    since: '5.0.0',
    summary: 'Remove and return the highest-scored member of the first non-empty sorted set, waiting for one if all are empty',
    complexity: 'O(log(N)) with N being the number of elements in the sorted set.',
    history: [['6.0.0', '`timeout` is interpreted as a double instead of an integer.']],
    args: [KEYS, { name: 'timeout', type: 'double' }],
    handler: (c, argv) => bzpop(c, argv, true),
  }),
  zset({
    name: 'bzmpop',
    arity: -5,
    flags: ['write', 'blocking'],
    keySpecs: keynumSpecs(2, ['RW', 'access', 'delete']),
    getKeys: numkeysGetKeys(0, 2, 3),
    since: '7.0.0',
    summary: 'Remove and return members from the first non-empty sorted set among several, waiting for one if all are empty',
    complexity: MPOP_COMPLEXITY,
    args: [{ name: 'timeout', type: 'double' }, NUMKEYS, KEYS, WHERE, { name: 'count', type: 'integer', token: 'COUNT', optional: true }],
    handler: (c, argv) => zmpop(c, argv, 2, true),
  }),
  zset({
    name: 'zrandmember',
    arity: -2,
    flags: ['readonly'],
    keys: ONE_KEY,
    since: '6.2.0',
    summary: 'Pick random members of a sorted set, optionally with their scores',
    complexity: 'O(N) where N is the number of elements returned',
    tips: ['nondeterministic_output'],
    args: [
      KEY,
      {
        name: 'options',
        type: 'block',
        optional: true,
        arguments: [{ name: 'count', type: 'integer' }, WITHSCORES],
      },
    ],
    handler: zrandmember,
  }),
  zset({
    name: 'zunion',
    arity: -3,
    flags: ['readonly'],
    keySpecs: keynumSpecs(1, ['RO', 'access']),
    getKeys: numkeysGetKeys(0, 1, 2),
    since: '6.2.0',
    summary: 'Combine sorted sets, adding up (or taking the min or max of) the scores of shared members',
    complexity: UNION_COMPLEXITY,
    args: [NUMKEYS, KEYS, WEIGHTS, AGGREGATE, WITHSCORES],
    handler: (c, argv) => zsetOperation(c, argv, 'zunion', null, 1, 'union', false),
  }),
  zset({
    name: 'zinter',
    arity: -3,
    flags: ['readonly'],
    keySpecs: keynumSpecs(1, ['RO', 'access']),
    getKeys: numkeysGetKeys(0, 1, 2),
    since: '6.2.0',
    summary: 'The members common to several sorted sets, with their combined scores',
    complexity: INTER_COMPLEXITY,
    args: [NUMKEYS, KEYS, WEIGHTS, AGGREGATE, WITHSCORES],
    handler: (c, argv) => zsetOperation(c, argv, 'zinter', null, 1, 'inter', false),
  }),
  zset({
    name: 'zintercard',
    arity: -3,
    flags: ['readonly'],
    keySpecs: keynumSpecs(1, ['RO', 'access']),
    getKeys: numkeysGetKeys(0, 1, 2),
    since: '7.0.0',
    summary: 'Count the members common to several sorted sets, optionally stopping at a limit',
    complexity: 'O(N*K) worst case with N being the smallest input sorted set, K being the number of input sorted sets.',
    args: [NUMKEYS, KEYS, { name: 'limit', type: 'integer', token: 'LIMIT', optional: true }],
    handler: (c, argv) => zsetOperation(c, argv, 'zintercard', null, 1, 'inter', true),
  }),
  zset({
    name: 'zdiff',
    arity: -3,
    flags: ['readonly'],
    keySpecs: keynumSpecs(1, ['RO', 'access']),
    getKeys: numkeysGetKeys(0, 1, 2),
    since: '6.2.0',
    summary: 'The members of the first sorted set that none of the others has',
    complexity: DIFF_COMPLEXITY,
    args: [NUMKEYS, KEYS, WITHSCORES],
    handler: (c, argv) => zsetOperation(c, argv, 'zdiff', null, 1, 'diff', false),
  }),
  zset({
    name: 'zunionstore',
    arity: -4,
    flags: ['write', 'denyoom'],
    keys: ONE_KEY,
    keySpecs: STORE_SPECS,
    getKeys: numkeysGetKeys(1, 2, 3),
    since: '2.0.0',
    summary: 'Combine sorted sets like ZUNION and store the result in a key',
    complexity: 'O(N)+O(M log(M)) with N being the sum of the sizes of the input sorted sets, and M being the number of elements in the resulting sorted set.',
    args: [{ name: 'destination', type: 'key', keySpecIndex: 0 }, NUMKEYS, { ...KEYS, keySpecIndex: 1 }, WEIGHTS, AGGREGATE],
    handler: (c, argv) => zsetOperation(c, argv, 'zunionstore', argv[1], 2, 'union', false),
  }),
  zset({
    name: 'zinterstore',
    arity: -4,
    flags: ['write', 'denyoom'],
    keys: ONE_KEY,
    keySpecs: STORE_SPECS,
    getKeys: numkeysGetKeys(1, 2, 3),
    since: '2.0.0',
    summary: 'Intersect sorted sets like ZINTER and store the result in a key',
    complexity: INTER_COMPLEXITY,
    args: [{ name: 'destination', type: 'key', keySpecIndex: 0 }, NUMKEYS, { ...KEYS, keySpecIndex: 1 }, WEIGHTS, AGGREGATE],
    handler: (c, argv) => zsetOperation(c, argv, 'zinterstore', argv[1], 2, 'inter', false),
  }),
  zset({
    name: 'zdiffstore',
    arity: -4,
    flags: ['write', 'denyoom'],
    keys: ONE_KEY,
    keySpecs: STORE_SPECS,
    getKeys: numkeysGetKeys(1, 2, 3),
    since: '6.2.0',
    summary: 'Subtract sorted sets like ZDIFF and store the result in a key',
    complexity: DIFF_COMPLEXITY,
    args: [{ name: 'destination', type: 'key', keySpecIndex: 0 }, NUMKEYS, { ...KEYS, keySpecIndex: 1 }],
    handler: (c, argv) => zsetOperation(c, argv, 'zdiffstore', argv[1], 2, 'diff', false),
  }),
  zset({
    name: 'zscan',
    arity: -3,
    flags: ['readonly'],
    keys: ONE_KEY,
    since: '2.8.0',
    summary: 'Walk the members and scores of a sorted set a few at a time with a cursor',
    complexity:
      'O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection..',
    tips: ['nondeterministic_output'],
    args: [
      KEY,
      { name: 'cursor', type: 'integer' },
      { name: 'pattern', type: 'pattern', token: 'MATCH', optional: true },
      { name: 'count', type: 'integer', token: 'COUNT', optional: true },
    ],
    handler: zscan,
  }),
];
