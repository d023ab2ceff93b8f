/**
 * Runs an async job on the latest input only. While one run is in
 * flight, newer requests replace each other, and a result is applied only
 * if no request came after the one it answers: a stale trace is never
 * drawn over a newer one, and fast typing queues one run, not one per key.
 */
export class LatestOnly<I, R> {
  private wanted: {input: I} | undefined;
  private seq = 0;
  private running = false;
  private waiters: (() => void)[] = [];

  constructor(
    private readonly run: (input: I) => Promise<R>,
    private readonly apply: (result: R, input: I) => void,
    private readonly fail: (error: unknown, input: I) => void
  ) {}

  /** Asks for a run on `input`, superseding every earlier request. */
  request(input: I): void {
    this.seq++;
    this.wanted = {input};
    void this.pump();
  }

  /** Drops pending and in-flight work: nothing more will be applied. */
  cancel(): void {
    this.seq++;
    this.wanted = undefined;
  }

  /** Resolves once nothing is pending or running. */
  idle(): Promise<void> {
    if (!this.running && !this.wanted) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private async pump(): Promise<void> {
    if (this.running) return;
    this.running = true;
    while (this.wanted) {
      const {input} = this.wanted;
      const seq = this.seq;
      this.wanted = undefined;
      try {
        const result = await this.run(input);
        if (seq === this.seq) this.apply(result, input);
      } catch (e) {
        if (seq === this.seq) this.fail(e, input);
      }
    }
    this.running = false;
    for (const resolve of this.waiters.splice(0)) resolve();
  }
}
