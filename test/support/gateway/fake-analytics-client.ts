import type { AnalyticsMessageMap, AnalyticsMessagePattern } from '#contracts';
import type { AnalyticsClient } from '../../../apps/api-gateway/src/analytics/analytics-client.port.js';

/** Records every query (so a test can say "nothing was asked") and answers what the test scripted. */
export class FakeAnalyticsClient implements AnalyticsClient {
  readonly sent: { pattern: AnalyticsMessagePattern; payload: unknown }[] = [];
  private readonly answers = new Map<AnalyticsMessagePattern, unknown>();

  on<P extends AnalyticsMessagePattern>(pattern: P, result: AnalyticsMessageMap[P]['result'] | Error): this {
    this.answers.set(pattern, result);
    return this;
  }

  async query<P extends AnalyticsMessagePattern>(pattern: P, payload: AnalyticsMessageMap[P]['payload']) {
    this.sent.push({ pattern, payload: structuredClone(payload) });
    if (!this.answers.has(pattern)) throw new Error(`FakeAnalyticsClient: no answer scripted for ${pattern}`);
    const answer = this.answers.get(pattern);
    if (answer instanceof Error) throw answer;
    return answer as AnalyticsMessageMap[P]['result'];
  }

  reset(): void {
    this.sent.length = 0;
    this.answers.clear();
  }

  /** The messaging module closes the client it holds when the app shuts down. */
  async close(): Promise<void> {}
}
