/**
 * How often a crashed language server is restarted: at most `maxRestarts` crashes within `windowMs`, after which it
 * stays stopped until the user restarts it (a server that dies on start-up would otherwise loop forever).
 */
export interface CrashVerdict {
  restart: boolean;
  /** Crashes within the window, this one included. */
  crashes: number;
  maxRestarts: number;
}

export class CrashBudget {
  private crashTimes: number[] = [];

  constructor(
    readonly maxRestarts = 4,
    private readonly windowMs = 3 * 60 * 1000,
    private readonly now: () => number = Date.now,
  ) {}

  recordCrash(): CrashVerdict {
    const at = this.now();
    this.crashTimes = this.crashTimes.filter((t) => at - t < this.windowMs).concat(at);
    return { restart: this.crashTimes.length <= this.maxRestarts, crashes: this.crashTimes.length, maxRestarts: this.maxRestarts };
  }

  /** After a restart the user asked for, the budget starts again. */
  reset(): void {
    this.crashTimes = [];
  }
}
