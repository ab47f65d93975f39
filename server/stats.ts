/**
 * Counters reported by INFO stats and errorstats (per-command counters live
 * in the command table's entries). Plain
 * numbers bumped on the hot path; anything costly (rates) is computed by
 * the cron from samples, as Redis's trackInstantaneousMetric does.
 */
const SAMPLES = 16;

export class Stats {
  totalConnectionsReceived = 0;
  totalCommandsProcessed = 0;
  rejectedConnections = 0;
  expiredKeys = 0;
  expiredStaleRatio = 0;
  expiredTimeCapReachedCount = 0;
  expireCycleCpuMs = 0;
  evictedKeys = 0;
  keyspaceHits = 0;
  keyspaceMisses = 0;
  netInputBytes = 0;
  netOutputBytes = 0;
  totalErrorReplies = 0;
  /** Highest used_memory reported so far (Redis's stat_peak_memory; RESETSTAT keeps it). */
  peakMemory = 0;
  /** Error code ("ERR", "WRONGTYPE") → count. */
  readonly errors = new Map<string, number>();

  private readonly opsSamples = new Float64Array(SAMPLES);
  private readonly inSamples = new Float64Array(SAMPLES);
  private readonly outSamples = new Float64Array(SAMPLES);
  private sampleIdx = 0;
  private lastSampleTime = 0;
  private lastOps = 0;
  private lastIn = 0;
  private lastOut = 0;

  recordError(msg: string): void {
    this.totalErrorReplies++;
    const space = msg.indexOf(' ');
    const code = space < 0 ? msg : msg.slice(0, space);
    this.errors.set(code, (this.errors.get(code) ?? 0) + 1);
  }

  /** Called by the cron; keeps per-second rates over the last samples. */
  sample(nowMs: number): void {
    if (nowMs - this.lastSampleTime < 100) return;
    const dt = (nowMs - this.lastSampleTime) / 1000;
    if (this.lastSampleTime !== 0 && dt > 0) {
      const i = this.sampleIdx++ % SAMPLES;
      this.opsSamples[i] = (this.totalCommandsProcessed - this.lastOps) / dt;
      this.inSamples[i] = (this.netInputBytes - this.lastIn) / dt;
      this.outSamples[i] = (this.netOutputBytes - this.lastOut) / dt;
    }
    this.lastSampleTime = nowMs;
    this.lastOps = this.totalCommandsProcessed;
    this.lastIn = this.netInputBytes;
    this.lastOut = this.netOutputBytes;
  }

  instantaneous(): { ops: number; inKbps: number; outKbps: number } {
    const avg = (a: Float64Array) => a.reduce((x, y) => x + y, 0) / SAMPLES;
    return { ops: Math.round(avg(this.opsSamples)), inKbps: avg(this.inSamples) / 1024, outKbps: avg(this.outSamples) / 1024 };
  }

  reset(): void {
    this.totalConnectionsReceived = 0;
    this.totalCommandsProcessed = 0;
    this.rejectedConnections = 0;
    this.expiredKeys = 0;
    this.expiredStaleRatio = 0;
    this.expiredTimeCapReachedCount = 0;
    this.expireCycleCpuMs = 0;
    this.evictedKeys = 0;
    this.keyspaceHits = 0;
    this.keyspaceMisses = 0;
    this.netInputBytes = 0;
    this.netOutputBytes = 0;
    this.totalErrorReplies = 0;
    this.errors.clear();
  }
}
