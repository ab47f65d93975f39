/**
 * A numbered database (SELECT 0..15): the key space plus the server-side
 * rules around it that a pure data structure should not know about —
 * lazy expiry, LRU clock updates, hit/miss statistics and the "key was
 * modified" signal.
 *
 * Lazy expiry (Redis's expireIfNeeded): every lookup first checks the key's
 * deadline; a key past it is deleted there and then, counted in
 * `expired_keys`, and a DEL is propagated so replicas and the AOF agree.
 * The active cycle (server/expire.ts) reclaims keys nobody looks up.
 */
import { Keyspace } from '../datatypes/keyspace.js';
import type { Value } from '../datatypes/values.js';
import type { DbApi } from '../commands/types.js';

/** What a Db needs from its server; kept narrow so it is easy to fake. */
export interface DbHost {
  clock: { now(): number };
  /** Coarse clock for LRU stamps (seconds resolution, refreshed by the cron). */
  lruClock(): number;
  stats: { keyspaceHits: number; keyspaceMisses: number; expiredKeys: number };
  /** A replica does not expire keys itself; it waits for the master's DEL. */
  expiresLocally(): boolean;
  onExpired(db: Db, key: string): void;
  signalModifiedKey(db: Db, key: string): void;
  /** A read found nothing (the 'm' class of keyspace notifications). */
  onKeyMiss(db: Db, key: string): void;
  /** About to empty `db` (FLUSHDB/FLUSHALL): WATCH needs to know first. */
  onFlush(db: Db): void;
}

export class Db implements DbApi {
  readonly ks = new Keyspace<Value>();

  constructor(
    public id: number,
    private readonly host: DbHost,
  ) {}

  get size(): number {
    return this.ks.size;
  }

  get expiresCount(): number {
    return this.ks.expiresCount;
  }

  /**
   * Slot of a live key, or -1. Deletes the key first when it has expired,
   * so no caller ever sees an expired value.
   */
  private liveSlot(key: string): number {
    const slot = this.ks.slotOf(key);
    if (slot < 0) return -1;
    const when = this.ks.expireOf(slot);
    // Redis's keyIsExpired: a key is still alive at its deadline, gone after.
    if (when !== 0 && when < this.host.clock.now()) {
      if (!this.host.expiresLocally()) return -1;
      this.expireSlot(slot);
      return -1;
    }
    return slot;
  }

  /** Delete an expired key and tell the rest of the server. */
  expireSlot(slot: number): void {
    const key = this.ks.keyOf(slot);
    this.ks.deleteSlot(slot);
    this.host.stats.expiredKeys++;
    this.host.onExpired(this, key);
    this.host.signalModifiedKey(this, key);
  }

  /** Present in the dictionary, expired or not (Redis's dictFind on db->dict). */
  isStored(key: string): boolean {
    return this.ks.slotOf(key) >= 0;
  }

  /** Stored but past its deadline (not yet reclaimed): Redis's keyIsExpired. */
  expiredButPresent(key: string): boolean {
    const slot = this.ks.slotOf(key);
    if (slot < 0) return false;
    const when = this.ks.expireOf(slot);
    return when !== 0 && when < this.host.clock.now();
  }

  lookupRead(key: string): Value | undefined {
    const slot = this.liveSlot(key);
    if (slot < 0) {
      this.host.stats.keyspaceMisses++;
      this.host.onKeyMiss(this, key);
      return undefined;
    }
    this.host.stats.keyspaceHits++;
    this.ks.touch(slot, this.host.lruClock());
    return this.ks.valueOf(slot);
  }

  lookupWrite(key: string): Value | undefined {
    const slot = this.liveSlot(key);
    if (slot < 0) return undefined;
    this.ks.touch(slot, this.host.lruClock());
    return this.ks.valueOf(slot);
  }

  /**
   * Redis's lookupKeyReadWithFlags(LOOKUP_NOTOUCH): counts hits/misses but
   * leaves the LRU clock alone (TYPE, EXISTS, TTL, OBJECT).
   */
  lookupReadNoTouch(key: string): Value | undefined {
    const slot = this.liveSlot(key);
    if (slot < 0) {
      this.host.stats.keyspaceMisses++;
      return undefined;
    }
    this.host.stats.keyspaceHits++;
    return this.ks.valueOf(slot);
  }

  /** Lookup that neither counts stats nor touches the LRU clock. */
  peek(key: string): Value | undefined {
    const slot = this.liveSlot(key);
    return slot < 0 ? undefined : this.ks.valueOf(slot);
  }

  exists(key: string): boolean {
    return this.liveSlot(key) >= 0;
  }

  setKey(key: string, value: Value, keepTtl = false): void {
    this.ks.set(key, value, this.host.lruClock(), keepTtl);
    this.host.signalModifiedKey(this, key);
  }

  overwrite(key: string, value: Value): void {
    const slot = this.ks.slotOf(key);
    if (slot < 0) {
      this.ks.set(key, value, this.host.lruClock());
    } else {
      this.ks.setValueAt(slot, value, key);
    }
    this.host.signalModifiedKey(this, key);
  }

  /** A value was changed in place (LPUSH onto an existing list…): tell WATCH and blocked clients. */
  signalModified(key: string): void {
    this.host.signalModifiedKey(this, key);
  }

  delete(key: string): boolean {
    const slot = this.liveSlot(key);
    if (slot < 0) return false;
    this.ks.deleteSlot(slot);
    this.host.signalModifiedKey(this, key);
    return true;
  }

  getExpire(key: string): number {
    const slot = this.ks.slotOf(key);
    if (slot < 0) return -1;
    const when = this.ks.expireOf(slot);
    if (when === 0) return -1;
    return when < 0 ? 0 : when;
  }

  setExpire(key: string, whenMs: number): void {
    const slot = this.ks.slotOf(key);
    if (slot >= 0) this.ks.setExpire(slot, whenMs);
  }

  persist(key: string): boolean {
    const slot = this.ks.slotOf(key);
    return slot >= 0 && this.ks.persist(slot);
  }

  randomKey(): string | null {
    // Redis's dbRandomKey: an expired pick is reclaimed and another drawn,
    // so this ends with a live key or an empty database. Where keys are not
    // expired locally (a replica) nothing gets reclaimed, so after 100
    // tries on an all-volatile database a possibly expired name is returned.
    const allVolatile = this.ks.size === this.ks.expiresCount;
    for (let tries = 100; ; ) {
      const slot = this.ks.randomSlot();
      if (slot < 0) return null;
      const key = this.ks.keyOf(slot);
      if (this.ks.expireOf(slot) === 0) return key;
      if (!this.host.expiresLocally() && allVolatile && --tries === 0) return key;
      if (this.liveSlot(key) >= 0) return key;
    }
  }

  /**
   * One SCAN step: visits every key stored in the slots walked, expired or
   * not, and deletes nothing. Redis's SCAN applies MATCH before it expires
   * keys (an expired key that does not match is left in place) and its
   * TYPE filter sees expired keys as "none", so the command filters.
   */
  scan(cursor: number, count: number, visit: (key: string, value: Value) => void): number {
    return this.ks.scan(cursor, count, (slot) => visit(this.ks.keyOf(slot), this.ks.valueOf(slot)));
  }

  forEachKey(visit: (key: string, value: Value) => void): void {
    const now = this.host.clock.now();
    this.ks.forEachSlot((slot) => {
      const when = this.ks.expireOf(slot);
      if (when === 0 || when >= now) visit(this.ks.keyOf(slot), this.ks.valueOf(slot));
    });
  }

  idleSeconds(key: string): number {
    const slot = this.ks.slotOf(key);
    if (slot < 0) return 0;
    return Math.max(0, this.host.lruClock() - this.ks.lruOf(slot));
  }

  /** Remove every key; returns how many there were. */
  clear(): number {
    this.host.onFlush(this);
    const n = this.ks.size;
    this.ks.clear();
    return n;
  }
}
