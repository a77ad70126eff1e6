import { applyDecorators, Controller } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiCorrelationHeader } from '#http';
import { Roles } from '../auth/roles.decorator.js';

/** Every webhook route: admin only, under /v1/webhooks. */
export const WebhookRoutes = () =>
  applyDecorators(
    ApiTags('webhooks'),
    ApiBearerAuth('bearer'),
    ApiCorrelationHeader(),
    Roles('admin'),
    Controller('v1/webhooks'),
  );

export const SCOPE_NOTE =
  'Role: admin. A brand-scoped admin key sees and changes only subscriptions confined to its brands (others are 404).';
