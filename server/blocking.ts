/**
 * Blocking commands (BLPOP, BLMOVE, BZPOPMIN, BLMPOP, XREAD BLOCK, …).
 *
 * How Redis does it (blocked.c): a client that finds nothing to pop is put
 * in a FIFO per key it waits on, and stops reading input. A command that
 * adds to such a key marks it "ready". After the command (or the whole
 * MULTI/EXEC, or script) completes, every ready key is served: its waiting
 * clients, oldest first, get the data while there is some.
 *
 * How tredis does it: serving a waiting client means running its blocking
 * command again (as Redis 7.2 does; 7.0 has a serve routine per type). The
 * handler then finds the data and replies as if it had never waited; if the
 * key is still empty (another waiter took the element, or it was the wrong
 * type), the handler asks to block again and the client keeps its place in
 * the queue and its deadline. One code path per command serves both the
 * immediate and the deferred case, so they cannot disagree.
 *
 *   BLPOP q 0 ──► handler: q empty ──► c.blockOn(['q'], 0)
 *                                        waiting['0:q'] = [c]
 *   LPUSH q x ──► db.signalModified('q') ─► ready = {'0:q'}
 *   end of LPUSH's call() ─► serveReady(): re-run "BLPOP q 0" for c
 *                                        ─► handler pops x, replies, c unblocked
 *
 * Every modification signals (not only pushes): re-running a command that
 * finds nothing simply leaves the client waiting, so a spurious signal
 * costs one lookup and can never lose an element. Waiters on a key that no
 * longer exists are not re-run at all (unless it existed when they
 * blocked), so a push wakes one BLPOP, not every client queued behind it.
 */
import type { Client } from './client.js';
import type { ResolvedCommand } from '../commands/table.js';

export type TimeoutReply = 'nullArray' | 'null';

export interface BlockState {
  dbId: number;
  keys: string[];
  /** Absolute deadline in server-clock ms; 0 waits forever. */
  deadline: number;
  timeoutReply: TimeoutReply;
  /**
   * Keys that held a value when the client blocked (null: none did, the
   * usual case). A waiter is only re-run for a key that is absent when
   * that key was present at blocking time (XREADGROUP must hear that its
   * stream was deleted); a BLPOP on an absent key has nothing to find.
   */
  present: Set<string> | null;
  cmd: ResolvedCommand;
  argv: string[];
  timer: NodeJS.Timeout | null;
}

export interface BlockingHost {
  clock: { now(): number };
  /** Run a command for a client through the normal call path (stats, propagation). */
  reexecute(c: Client, cmd: ResolvedCommand, argv: string[]): void;
}

function keyId(dbId: number, key: string): string {
  return dbId + ':' + key;
}

/** setTimeout's largest delay; longer ones would fire at once (Node clamps them to 1 ms). */
const MAX_TIMER_MS = 2 ** 31 - 1;

function keyOfId(id: string): string {
  return id.slice(id.indexOf(':') + 1);
}

/** Whether the key has an entry in the client's blocked database (expired or not; no side effect). */
function keyPresent(c: Client, dbId: number, key: string): boolean {
  return c.server.dbs[dbId].ks.slotOf(key) >= 0;
}

export class Blocking {
  /** "db:key" → clients waiting on it, oldest first. */
  private readonly waiting = new Map<string, Client[]>();
  /** Keys signalled since the last serve, in signal order. */
  private ready = new Set<string>();
  private serving = false;
  /** Set while a waiting client's command is re-run: blockOn keeps its place. */
  private rerunning: Client | null = null;
  private reblocked = false;
  blockedCount = 0;

  constructor(private readonly host: BlockingHost) {}

  /** Called by a handler that found nothing: park the client. */
  block(c: Client, cmd: ResolvedCommand, argv: string[], keys: string[], timeoutMs: number, timeoutReply: TimeoutReply): void {
    if (this.rerunning === c) {
      this.reblocked = true;
      return;
    }
    const now = this.host.clock.now();
    const dbId = c.db.id;
    const unique = [...new Set(keys)];
    let present: Set<string> | null = null;
    for (const k of unique) if (keyPresent(c, dbId, k)) (present ??= new Set()).add(k);
    const state: BlockState = {
      dbId,
      keys: unique,
      deadline: timeoutMs > 0 ? now + timeoutMs : 0,
      timeoutReply,
      present,
      cmd,
      argv,
      timer: null,
    };
    for (const k of state.keys) {
      const id = keyId(state.dbId, k);
      const list = this.waiting.get(id);
      if (list) list.push(c);
      else this.waiting.set(id, [c]);
    }
    if (timeoutMs > 0) {
      state.timer = setTimeout(() => this.checkTimeout(c), Math.min(timeoutMs, MAX_TIMER_MS));
      state.timer.unref();
    }
    c.blockState = state;
    c.blocked = true;
    this.blockedCount++;
  }

  /** A key changed: if anyone waits on it, serve them after this command. */
  signal(dbId: number, key: string): void {
    if (this.waiting.size === 0) return;
    const id = keyId(dbId, key);
    if (this.waiting.has(id)) this.ready.add(id);
  }

  /** Every waited-on key of a database may have changed (SWAPDB, FLUSHDB…). */
  signalDb(dbId: number): void {
    const prefix = dbId + ':';
    for (const id of this.waiting.keys()) if (id.startsWith(prefix)) this.ready.add(id);
  }

  hasReady(): boolean {
    return this.ready.size > 0;
  }

  /** Serve every ready key's waiters, FIFO, until no key is ready. */
  serveReady(): void {
    if (this.serving) return;
    this.serving = true;
    try {
      while (this.ready.size > 0) {
        const batch = this.ready;
        this.ready = new Set();
        for (const id of batch) {
          const list = this.waiting.get(id);
          if (!list) continue;
          const key = keyOfId(id);
          for (const c of [...list]) {
            const state = c.blockState;
            if (state === null || c.closed) continue;
            // Once the key is gone (the first waiter took the last element),
            // the others have nothing to find: skip them instead of re-running
            // every waiter on every push.
            if (state.present?.has(key) !== true && !keyPresent(c, state.dbId, key)) continue;
            this.rerun(c);
          }
        }
      }
    } finally {
      this.serving = false;
    }
  }

  private rerun(c: Client): void {
    const state = c.blockState as BlockState;
    this.rerunning = c;
    this.reblocked = false;
    const db = c.db;
    c.db = c.server.dbs[state.dbId];
    try {
      this.host.reexecute(c, state.cmd, state.argv);
    } finally {
      this.rerunning = null;
      c.db = db;
    }
    if (!this.reblocked) {
      state.cmd.stat.calls++; // served: the one call Redis counts for it
      this.unblock(c, false);
    }
  }

  /** Deadline passed (timer or cron with an advanced clock)? Reply the timeout. */
  checkTimeout(c: Client): void {
    const state = c.blockState;
    if (!state || state.deadline === 0 || state.deadline > this.host.clock.now() + 1) {
      // Timer fired early against the server clock: try again later.
      if (state && state.deadline !== 0 && !c.closed) {
        const left = state.deadline - this.host.clock.now();
        state.timer = setTimeout(() => this.checkTimeout(c), Math.min(Math.max(1, left), MAX_TIMER_MS));
        state.timer.unref();
      }
      return;
    }
    this.timeout(c);
  }

  /** Reply what a timed-out command replies, then resume the client. */
  timeout(c: Client): void {
    const state = c.blockState;
    if (!state) return;
    if (state.timeoutReply === 'null') c.addNull();
    else c.addNullArray();
    state.cmd.stat.calls++;
    this.unblock(c, true);
  }

  /** CLIENT UNBLOCK ... ERROR */
  unblockWithError(c: Client): void {
    if (!c.blockState) return;
    c.addError('UNBLOCKED client unblocked via CLIENT UNBLOCK');
    this.unblock(c, true);
  }

  /** Cron: time out every client whose deadline passed on the server clock. */
  cron(): void {
    if (this.blockedCount === 0) return;
    const now = this.host.clock.now();
    const expired = new Set<Client>();
    for (const list of this.waiting.values()) {
      for (const c of list) {
        const d = c.blockState?.deadline ?? 0;
        if (d !== 0 && d <= now) expired.add(c);
      }
    }
    for (const c of expired) this.timeout(c);
  }

  /** Remove a client from every queue; resume its input unless it is closing. */
  unblock(c: Client, resume: boolean): void {
    const state = c.blockState;
    if (!state) return;
    if (state.timer) clearTimeout(state.timer);
    for (const k of state.keys) {
      const id = keyId(state.dbId, k);
      const list = this.waiting.get(id);
      if (!list) continue;
      const i = list.indexOf(c);
      if (i >= 0) list.splice(i, 1);
      if (list.length === 0) this.waiting.delete(id);
    }
    c.blockState = null;
    c.blocked = false;
    this.blockedCount--;
    if (!c.closed) {
      c.queueFlush();
      // Commands pipelined behind the blocking one run now, on the next
      // turn of the loop, outside the current command's execution.
      if (resume || c.parser.bufferedBytes > 0) setImmediate(() => c.processInput());
    }
  }

  /** The client disconnected: forget it without replying. */
  drop(c: Client): void {
    if (c.blockState) this.unblock(c, false);
  }
}
