/**
 * The server thread's computing, one request's synchronous stretch per turn of the event loop.
 * Without it a crowd of requests read in one poll of the sockets runs back to back, and a request
 * read in the same poll behind them (/healthz, a planner's click) waits for all of them: 17
 * scenario runs of 3 ms are 50 ms. Each computing route's work starts in a setImmediate of its own,
 * one at a time, and between two of them the loop polls the sockets again, so a light route (Route.light) or a
 * cached reply waits for at most one stretch, whatever the crowd. The order stays first come,
 * first served; the work done is the same.
 */
export class Turns {
  private readonly waiting: (() => void)[] = [];
  private scheduled = false;

  /** Resolves when it is the caller's turn: its continuation runs before the loop polls again. */
  take(): Promise<void> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.waiting.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.waiting.shift()!();
      // Set from inside the check phase, the next turn waits for the loop's next round (and its poll).
      this.schedule();
    });
  }
}
