/**
 * Active expiry: reclaiming keys whose TTL has passed when nobody asks for
 * them (lazy expiry, in server/db.ts, handles the keys that are asked for).
 *
 * Redis's adaptive cycle (expire.c, activeExpireCycle), as tredis runs it:
 *
 *  - The slow cycle runs from the cron, `hz` times a second, with a time
 *    budget of 25% of the cron period (25 ms at hz 10).
 *  - Up to 16 databases are visited in turn (all of them after a cycle
 *    that ran out of time), continuing where the previous cycle stopped. A
 *    step looks at up to 20 keys that carry a TTL and deletes the expired
 *    ones. While more than 10% of the keys looked at were expired, memory
 *    is probably still full of dead keys, so the step repeats; once the
 *    ratio drops, the cycle moves on to the next database.
 *  - Every 16 steps (counted over the whole cycle) the clock is checked and
 *    the cycle stops at the budget.
 *  - The fast cycle runs before the event loop sleeps, at most 1 ms long and
 *    not more often than every 2 ms, only when the last cycle ran out of
 *    time: a backlog of expired keys is then drained in small bites without
 *    stalling clients. (Redis 7.0 also means to start it when the estimated
 *    share of stale keys is high, but compares a fraction with a percentage
 *    there, so in practice only the time-limit condition ever fires; tredis
 *    does the same.)
 *  - `active-expire-effort` (1..10) raises the keys per step, the budgets,
 *    and lowers the acceptable share of stale keys, as in Redis.
 *
 * Redis walks its `expires` hash table with a cursor; tredis walks the dense
 * array of keys that have a TTL with a cursor per database. Deleting a key
 * moves the last entry of that array into its place, so the walk re-reads
 * the same position after a deletion and misses nothing.
 */
import { performance } from 'node:perf_hooks';
import type { Db } from './db.js';

const KEYS_PER_LOOP = 20;
/** Redis's CRON_DBS_PER_CALL. */
const DBS_PER_CALL = 16;
const FAST_DURATION_US = 1000;
const SLOW_TIME_PERC = 25;
const ACCEPTABLE_STALE = 10;

export interface ExpireHost {
  dbs: Db[];
  clock: { now(): number };
  config: { getNumber(name: string): number };
  stats: { expiredStaleRatio: number; expiredTimeCapReachedCount: number; expireCycleCpuMs: number };
  expiresLocally(): boolean;
}

export class ActiveExpire {
  /** Set by DEBUG SET-ACTIVE-EXPIRE 0. */
  enabled = true;
  private nextDb = 0;
  private readonly cursors: number[] = [];
  private timelimitExit = false;
  private lastFastCycle = 0;
  private staleRatio = 0;
  private lastSampled = 0;

  constructor(private readonly host: ExpireHost) {}

  slowCycle(): void {
    this.run(false);
  }

  fastCycle(): void {
    if (!this.timelimitExit) return;
    this.run(true);
  }

  private run(fast: boolean): void {
    if (!this.enabled || !this.host.expiresLocally()) return;
    const effort = this.host.config.getNumber('active-expire-effort') - 1;
    const keysPerLoop = KEYS_PER_LOOP + (KEYS_PER_LOOP / 4) * effort;
    const fastDurationUs = FAST_DURATION_US + (FAST_DURATION_US / 4) * effort;
    const slowPerc = SLOW_TIME_PERC + 2 * effort;
    const acceptableStale = ACCEPTABLE_STALE - effort;
    const start = performance.now();

    if (fast) {
      // Not too often: never twice within two fast-cycle durations.
      if (start - this.lastFastCycle < (fastDurationUs * 2) / 1000) return;
      this.lastFastCycle = start;
    }
    const hz = Math.max(1, this.host.config.getNumber('hz'));
    const budgetMs = fast ? fastDurationUs / 1000 : (slowPerc * 1000) / hz / 100;
    const dbs = this.host.dbs;
    // After a cycle cut short by its budget, every database gets a turn.
    const dbsPerCall = this.timelimitExit ? dbs.length : Math.min(DBS_PER_CALL, dbs.length);
    this.timelimitExit = false;

    let sampledTotal = 0;
    let expiredTotal = 0;
    let iteration = 0;
    for (let n = 0; n < dbsPerCall && !this.timelimitExit; n++) {
      const dbIndex = this.nextDb % dbs.length;
      const db = dbs[dbIndex];
      this.nextDb = (this.nextDb + 1) % dbs.length;
      for (;;) {
        iteration++;
        const expired = this.step(db, dbIndex, keysPerLoop);
        const sampled = this.lastSampled;
        sampledTotal += sampled;
        expiredTotal += expired;
        if (sampled === 0) break;
        if ((iteration & 15) === 0 && performance.now() - start > budgetMs) {
          this.timelimitExit = true;
          this.host.stats.expiredTimeCapReachedCount++;
          break;
        }
        // Integer percentage, as Redis computes it.
        if (Math.floor((expired * 100) / sampled) <= acceptableStale) break;
      }
    }
    const current = sampledTotal ? (expiredTotal * 100) / sampledTotal : 0;
    this.staleRatio = current * 0.05 + this.staleRatio * 0.95;
    this.host.stats.expiredStaleRatio = this.staleRatio;
    this.host.stats.expireCycleCpuMs += performance.now() - start;
  }

  /**
   * Look at up to `count` keys with a TTL in `db`; delete those past their
   * deadline. Returns how many were deleted; `lastSampled` how many were
   * looked at (two numbers without allocating a result object per step).
   */
  private step(db: Db, dbIndex: number, count: number): number {
    const ks = db.ks;
    const total = ks.expiresCount;
    this.lastSampled = 0;
    if (total === 0) return 0;
    const now = this.host.clock.now();
    let pos = (this.cursors[dbIndex] ?? 0) % total;
    let sampled = 0;
    let expired = 0;
    const n = Math.min(count, total);
    while (sampled < n && ks.expiresCount > 0) {
      if (pos >= ks.expiresCount) pos = 0;
      const slot = ks.volatileSlotAt(pos);
      sampled++;
      if (ks.expireOf(slot) < now) {
        db.expireSlot(slot); // the last entry moves into `pos`: look at it next
        expired++;
      } else {
        pos++;
      }
    }
    this.cursors[dbIndex] = pos;
    this.lastSampled = sampled;
    return expired;
  }
}
