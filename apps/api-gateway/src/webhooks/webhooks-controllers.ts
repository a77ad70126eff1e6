import { CreateWebhookController } from './create-webhook/create-webhook.controller.js';
import { DeleteWebhookController } from './delete-webhook/delete-webhook.controller.js';
import { GetWebhookController } from './get-webhook/get-webhook.controller.js';
import { ListDeliveriesController } from './list-deliveries/list-deliveries.controller.js';
import { ListWebhooksController } from './list-webhooks/list-webhooks.controller.js';
import { ReplayWebhookController } from './replay-webhook/replay-webhook.controller.js';
import { RetryDeliveryController } from './retry-delivery/retry-delivery.controller.js';
import { RotateSecretController } from './rotate-secret/rotate-secret.controller.js';
import { UpdateWebhookController } from './update-webhook/update-webhook.controller.js';

/** Every webhook admin route (CONTRACT section 9), in use-case folders. */
export const WEBHOOK_CONTROLLERS = [
  CreateWebhookController,
  ListWebhooksController,
  GetWebhookController,
  UpdateWebhookController,
  DeleteWebhookController,
  RotateSecretController,
  ListDeliveriesController,
  RetryDeliveryController,
  ReplayWebhookController,
];
