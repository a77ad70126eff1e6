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

  constructor(private readonly parts: Parts) {}

  async start(): Promise<void> {
    const { resealed, unopenable } = await resealStaleSecrets(this.parts.subscriptions, this.parts.box);
    if (resealed) this.logger.log(`re-sealed ${resealed} webhook secrets under the current WEBHOOK_SECRET_KEY`);
    if (unopenable.length) {
      this.logger.error(
        `${unopenable.length} webhook secrets are sealed under a key that is neither WEBHOOK_SECRET_KEY nor in ` +
          `WEBHOOK_SECRET_PREVIOUS_KEYS; their deliveries wait until the key is given or the secret rotated (${unopenable.slice(0, 10).join(', ')})`,
      );
    }
    await this.parts.consumer.start();
    this.parts.dispatcher.start();
  }
}
