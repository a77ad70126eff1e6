import type { DeliveryRepository } from '../persistence/delivery.repository.js';

interface Waiting {
  id: string;
  statusCode: number;
  settled: () => void;
  failed: (error: Error) => void;
}

/**
 * Successful attempts are recorded together: those answered in one turn of the event loop (a
 * refill's worth at a fast endpoint) in one statement instead of one each. Each caller still waits
 * for its own record, so an attempt counts as finished only once it is stored; a failed statement
 * fails every attempt in it, and their leases let them be sent again (at least once).
 */
export class DeliveredBatch {
  private waiting: Waiting[] = [];

  constructor(private readonly deliveries: Pick<DeliveryRepository, 'settleDelivered'>) {}

  record(id: string, statusCode: number): Promise<void> {
    return new Promise((settled, failed) => {
      if (this.waiting.push({ id, statusCode, settled, failed }) === 1) setImmediate(() => void this.flush());
    });
  }

  private async flush(): Promise<void> {
    const batch = this.waiting;
    this.waiting = [];
    try {
      await this.deliveries.settleDelivered(batch.map(({ id, statusCode }) => ({ id, statusCode })));
      for (const w of batch) w.settled();
    } catch (error) {
      for (const w of batch) w.failed(error as Error);
    }
  }
}
