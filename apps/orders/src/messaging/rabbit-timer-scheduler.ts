import { ACCEPTANCE_TIMEOUT_PATTERN, ORDERS_COMMAND_QUEUE, type AcceptanceTimeoutCommand } from '#contracts';
import { acceptanceDelayQueueOf, type ConfirmPublisher } from '#messaging';
import type { TimerScheduler } from '../acceptance/timer-scheduler.port.js';

/**
 * Publishes each timer to the delay queue with the time left as its TTL, in the NestJS event
 * wire format (no id: nobody waits for a reply). A timer already due goes straight to the command queue.
 */
export class RabbitTimerScheduler implements TimerScheduler {
  constructor(
    private readonly publisher: ConfirmPublisher,
    private readonly timeoutMs: number,
  ) {}

  async schedule(timers: { orderId: string; dueAt: Date }[]): Promise<void> {
    const now = Date.now();
    await this.publisher.publishAll(
      timers.map(({ orderId, dueAt }) => {
        const left = Math.ceil(dueAt.getTime() - now);
        const data: AcceptanceTimeoutCommand = { orderId, dueAt: dueAt.toISOString() };
        return {
          exchange: '',
          routingKey: left > 0 ? acceptanceDelayQueueOf(this.timeoutMs) : ORDERS_COMMAND_QUEUE,
          body: Buffer.from(JSON.stringify({ pattern: ACCEPTANCE_TIMEOUT_PATTERN, data })),
          options: {
            persistent: true,
            contentType: 'application/json',
            messageId: `acceptance-timeout:${orderId}`,
            ...(left > 0 ? { expiration: String(left) } : {}),
          },
        };
      }),
    );
  }
}
