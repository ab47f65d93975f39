/**
 * MULTI/EXEC and WATCH (Redis's multi.c).
 *
 * MULTI puts a client in a queueing state: every following command (except
 * EXEC, DISCARD, MULTI, WATCH, QUIT, RESET) is checked as usual — unknown
 * name, arity, auth — and then, instead of running, stored and answered
 * `+QUEUED`. A command refused while queueing marks the transaction so that
 * EXEC answers `-EXECABORT` and runs nothing. EXEC runs the queue through
 * the normal call path, one command after the other, with nothing else in
 * between (the loop is single-threaded, so that is atomicity); a command
 * that fails at run time does not stop the others — there is no rollback.
 *
 * WATCH is optimistic locking: the server keeps, per "db:key", the clients
 * watching it. Every write signals the key (Db → Server.signalModifiedKey →
 * touch), marking the watchers "dirty"; EXEC of a dirty client answers a
 * null array and runs nothing. A key that expires while watched also makes
 * EXEC fail, unless it was already expired when WATCH was called.
 *
 *   WATCH balance:alice            watchers["0:balance:alice"] = {A}
 *   (client B) SET balance:alice 5 → touch → A.dirty = true
 *   MULTI / DECRBY … / EXEC        → EXEC sees A.dirty → *-1 (nothing ran)
 */
import type { Client } from './client.js';
import type { ResolvedCommand } from '../commands/table.js';

export interface MultiState {
  queue: [ResolvedCommand, string[]][];
  /** A command was refused while queueing: EXEC must answer EXECABORT. */
  aborted: boolean;
}

interface WatchedKey {
  dbId: number;
  key: string;
  /** The key was already logically expired when watched (7.0's wk->expired). */
  expiredAtWatch: boolean;
}

export interface WatchHost {
  dbs: readonly { isStored(key: string): boolean; expiredButPresent(key: string): boolean }[];
}

function watchId(dbId: number, key: string): string {
  return dbId + ':' + key;
}

export class Watches {
  private readonly watchers = new Map<string, Set<Client>>();
  private readonly byClient = new Map<Client, WatchedKey[]>();

  constructor(private readonly host: WatchHost) {}

  watch(c: Client, dbId: number, key: string): void {
    const list = this.byClient.get(c) ?? [];
    if (list.some((w) => w.dbId === dbId && w.key === key)) return;
    const db = this.host.dbs[dbId];
    list.push({ dbId, key, expiredAtWatch: db.expiredButPresent(key) });
    this.byClient.set(c, list);
    const id = watchId(dbId, key);
    const set = this.watchers.get(id);
    if (set) set.add(c);
    else this.watchers.set(id, new Set([c]));
  }

  unwatchAll(c: Client): void {
    const list = this.byClient.get(c);
    if (!list) return;
    for (const w of list) {
      const id = watchId(w.dbId, w.key);
      const set = this.watchers.get(id);
      set?.delete(c);
      if (set && set.size === 0) this.watchers.delete(id);
    }
    this.byClient.delete(c);
  }

  /** A key was written: every client watching it will fail its EXEC. */
  touch(dbId: number, key: string): void {
    if (this.watchers.size === 0) return;
    const set = this.watchers.get(watchId(dbId, key));
    if (!set) return;
    for (const c of set) {
      const w = this.byClient.get(c)?.find((x) => x.dbId === dbId && x.key === key);
      // Already expired when watched, and now reclaimed: logically no change.
      if (w?.expiredAtWatch && !this.host.dbs[dbId].isStored(key)) {
        w.expiredAtWatch = false;
        continue;
      }
      c.dirtyCas = true;
    }
  }

  /**
   * FLUSHDB/FLUSHALL/SWAPDB: watched keys that exist in the emptied database
   * (or, for SWAPDB, in the one replacing it) are touched.
   */
  touchDb(dbId: number, replacedWith?: number): void {
    if (this.watchers.size === 0) return;
    for (const [c, list] of this.byClient) {
      for (const w of list) {
        if (w.dbId !== dbId) continue;
        const present = this.host.dbs[dbId].isStored(w.key) || (replacedWith !== undefined && this.host.dbs[replacedWith].isStored(w.key));
        if (present) c.dirtyCas = true;
      }
    }
  }

  /** 7.0's isWatchedKeyExpired: a watched key expired since WATCH. */
  anyExpired(c: Client): boolean {
    const list = this.byClient.get(c);
    if (!list) return false;
    return list.some((w) => !w.expiredAtWatch && this.host.dbs[w.dbId].expiredButPresent(w.key));
  }

  watchedCount(c: Client): number {
    return this.byClient.get(c)?.length ?? 0;
  }

  get watchingClients(): number {
    return this.byClient.size;
  }

  get watchedKeys(): number {
    return this.watchers.size;
  }
}
