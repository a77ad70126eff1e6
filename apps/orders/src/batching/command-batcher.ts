import { inBatchSpans } from '#observability';

export interface BatcherOptions<C> {
  /** Most commands in one batch; at most the consumer's prefetch, which bounds what can arrive together. */
  maxSize: number;
  /** How long the first command of a batch waits for others. */
  windowMs: number;
  /**
   * While tracing is on: the span of each batch (linked to its commands) and the span each command's
   * trace gets over the same transaction, and where a command keeps its `traceparent`.
   */
  trace?: { batch: string; member: string; of: (command: C) => string | undefined };
}

/** Runs a batch in one transaction and answers each command, in the order given. */
export type BatchRunner<C, R> = (commands: C[]) => Promise<R[]>;

interface Pending<C, R> {
  command: C;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: commands arriving within a short window are handed to the runner together, so
 * they share one transaction and one commit, and each caller is answered only after it. If the
 * batch throws, each command is run again alone: a command that breaks the batch fails by itself
 * and never takes the others with it.
 */
export class CommandBatcher<C, R> {
  private pending: Pending<C, R>[] = [];
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly run: BatchRunner<C, R>,
    private readonly options: BatcherOptions<C>,
  ) {}

  submit(command: C): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.pending.push({ command, resolve, reject });
      if (this.pending.length >= this.options.maxSize) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.options.windowMs);
    });
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = [];
    if (batch.length) void this.settle(batch);
  }

  private async settle(batch: Pending<C, R>[]): Promise<void> {
    const commands = batch.map((p) => p.command);
    const trace = this.options.trace;
    try {
      const results = await (trace
        ? inBatchSpans(
            trace,
            () => commands.map(trace.of),
            () => this.run(commands),
          )
        : this.run(commands));
      batch.forEach((p, i) => p.resolve(results[i]!));
    } catch (error) {
      if (batch.length === 1) return batch[0]!.reject(error);
      await Promise.all(batch.map((p) => this.settle([p])));
    }
  }
}
