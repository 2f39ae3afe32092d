import type { IRetryPolicy, RetryContext } from "@microsoft/signalr";

/** SignalR's DefaultReconnectPolicy delays, except that it never gives up: the last delay repeats. */
export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [0, 2000, 10000, 30000];

export class BackoffRetryPolicy implements IRetryPolicy {
  constructor(private readonly delays: readonly number[] = DEFAULT_RETRY_DELAYS_MS) {
    if (delays.length === 0) throw new Error("At least one retry delay is needed.");
  }

  delay(previousRetryCount: number): number {
    return this.delays[Math.min(previousRetryCount, this.delays.length - 1)];
  }

  nextRetryDelayInMilliseconds(context: RetryContext): number {
    return this.delay(context.previousRetryCount);
  }
}
