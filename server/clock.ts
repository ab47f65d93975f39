/**
 * The server's one source of time. TTLs, idle times and the LRU clock all
 * read it, so a test can move time forward (`advance`) instead of sleeping:
 * "time is a source of non-determinism" — tokio mini-redis.
 */
export class Clock {
  private offset = 0;

  /** Milliseconds since the Unix epoch, as the server sees them. */
  now(): number {
    return Date.now() + this.offset;
  }

  /** Move this server's time forward by `ms` (tests). */
  advance(ms: number): void {
    this.offset += ms;
  }

  /** Go back to the real wall clock. */
  reset(): void {
    this.offset = 0;
  }
}
