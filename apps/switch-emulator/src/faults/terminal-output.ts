import { setTimeout as delay } from 'node:timers/promises';
import type { SwitchFaults } from './switch-faults.js';

/**
 * What the CLI prints, held back by the switch's injected latency: each write goes out `latency`
 * ms after it was made, in the order made. Without latency (and nothing still held back) a write
 * goes out at once, as it would without faults.
 */
export class TerminalOutput {
  private held = 0;
  private tail: Promise<void> = Promise.resolve();
  private discarded = false;

  constructor(
    private readonly channel: { write(text: string): unknown },
    private readonly faults?: SwitchFaults,
  ) {}

  write(text: string): void {
    const latency = this.faults?.latencyMs ?? 0;
    if (latency === 0 && this.held === 0) {
      if (!this.discarded) this.channel.write(text);
      return;
    }
    const due = Date.now() + latency;
    this.hold(async () => {
      const wait = due - Date.now();
      if (wait > 0) await delay(wait);
      if (!this.discarded) this.channel.write(text);
    });
  }

  /** Runs `then` once everything written so far went out. */
  end(then: () => void): void {
    if (this.held === 0) then();
    else this.hold(async () => then());
  }

  /** Drops what is held back (the connection is gone or being cut). */
  discard(): void {
    this.discarded = true;
  }

  private hold(step: () => Promise<void>): void {
    this.held++;
    // A write to a channel closed meanwhile must not stop what comes after it.
    this.tail = this.tail
      .then(step)
      .catch(() => undefined)
      .finally(() => {
        this.held--;
      });
  }
}
