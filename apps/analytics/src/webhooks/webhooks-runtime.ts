import { Logger } from '@nestjs/common';
import type { Dispatcher } from './dispatch/dispatcher.js';
import type { WebhookEventsConsumer } from './intake/webhook-events.consumer.js';
import type { SubscriptionRepository } from './persistence/subscription.repository.js';
import { resealStaleSecrets } from './secrets/reseal.js';
import type { SecretBox } from './secrets/secret-box.js';

interface Parts {
  subscriptions: SubscriptionRepository;
  box: SecretBox;
  consumer: WebhookEventsConsumer;
  dispatcher: Dispatcher;
}

/** Starts the webhooks side once its host is up: secrets re-sealed under the current key, then intake and dispatch. */
export class WebhooksRuntime {
  private readonly logger = new Logger('Webhooks');

  constructor(private readonly parts: Parts | undefined) {}

  async start(): Promise<void> {
    if (!this.parts) {
      this.logger.warn('webhooks are off: set WEBHOOK_SECRET_KEY to deliver them');
      return;
    }
    const resealed = await resealStaleSecrets(this.parts.subscriptions, this.parts.box);
    if (resealed) this.logger.log(`re-sealed ${resealed} webhook secrets under the current WEBHOOK_SECRET_KEY`);
    await this.parts.consumer.start();
    this.parts.dispatcher.start();
  }
}
