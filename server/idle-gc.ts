/**
 * Give memory back after a burst of writes, the way Redis's allocator
 * returns freed pages: when the heap has grown by a good margin since the
 * last collection and the server has been idle for a second, run one full
 * garbage collection.
 *
 * Why: loading a million keys leaves old-space garbage (grown arrays,
 * promoted temporaries) that V8 would free only at its next major GC,
 * which under no further load may not come for a long time; RSS then
 * depends on luck. A full GC of a ~60 MB heap takes tens of milliseconds,
 * so it runs only when no command arrived for a whole second.
 *
 * Only the CLI enables this (a test process embedding servers manages its
 * own heap). `gc` is not exposed without --expose-gc; setting the flag at
 * run time and reading `gc` from a fresh VM context is the documented way
 * to reach it without restarting Node.
 */
import v8 from 'node:v8';
import vm from 'node:vm';

const GROWTH_BYTES = 32 * 1024 * 1024;

export class IdleGc {
  private gc: (() => void) | null = null;
  private heapAfterLastGc = process.memoryUsage().heapUsed;
  private lastCommands = -1;
  private idleTicks = 0;

  constructor() {
    v8.setFlagsFromString('--expose-gc');
    this.gc = vm.runInNewContext('gc') as () => void;
  }

  /** Called once a second with the server's command counter. */
  tick(commandsProcessed: number): void {
    if (commandsProcessed !== this.lastCommands) {
      this.lastCommands = commandsProcessed;
      this.idleTicks = 0;
      return;
    }
    if (++this.idleTicks < 1) return;
    const used = process.memoryUsage().heapUsed;
    if (used - this.heapAfterLastGc < GROWTH_BYTES) return;
    this.gc?.();
    this.heapAfterLastGc = process.memoryUsage().heapUsed;
  }
}
