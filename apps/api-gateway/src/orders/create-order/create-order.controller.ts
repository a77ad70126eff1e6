import { Body, Controller, Headers, Inject, Post, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBody,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { randomBytes } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '#config';
import {
  CreatedOrder,
  CreateOrderDto,
  OrderCommands,
  orderIdFor,
  type CreateOrderCommand,
  OrderAccepted,
  TRACKING_TOKEN_BYTES,
} from '#contracts';
import { ApiCorrelationHeader, ApiProblems, CorrelationId, ProblemTypes, TransitionProblemSchema } from '#http';
import { assertBrandInScope } from '../../auth/brand-scope.js';
import { AvailabilityCache } from '../../brands/availability-cache.js';
import { AvailabilityProblemSchema } from '../../brands/availability-route.js';
import { assertBrandTakesOrder } from '../../brands/intake-check.js';
import { CurrentCaller, type AuthenticatedCaller } from '../../auth/caller.js';
import { Roles } from '../../auth/roles.decorator.js';
import { unwrap } from '../domain-error.problem.js';
import { CORRELATION_HEADER, ETAG_HEADER, LOCATION_HEADER } from '../order-headers.js';
import { ORDERS_CLIENT, type OrdersClient } from '../orders-client.port.js';
import {
  assertMayBackfill,
  assertPickupTimeWindow,
  parseIdempotencyKey,
  instant,
  pastInstant,
  sha256OfCanonicalJson,
} from '../request-input.js';
import { CREATE_ORDER_EXAMPLE, CREATED_ORDER_EXAMPLE, ORDER_EXAMPLE } from '../order.examples.js';

@ApiTags('orders')
@ApiBearerAuth('bearer')
@ApiCorrelationHeader()
@ApiExtraModels(TransitionProblemSchema, AvailabilityProblemSchema)
@Controller('v1/orders')
export class CreateOrderController {
  constructor(
    @Inject(ORDERS_CLIENT) private readonly orders: OrdersClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly availability: AvailabilityCache,
  ) {}

  @Post()
  @Roles('channel', 'internal')
  @ApiOperation({
    operationId: 'createOrder',
    summary: 'Create an order',
    description:
      'Roles: channel, internal (and admin). The order id is derived from brandId + channelOrderId, so a retry — with the same ' +
      'Idempotency-Key or the same brandId + channelOrderId — names the same order and never creates a second one. ' +
      '`placedAt` (backfill) is for admin and internal keys only.',
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: '1 to 255 printable ASCII characters. Reusing it with a different body is a 409.',
  })
  @ApiBody({ type: CreateOrderDto, examples: { 'the reference order': { value: CREATE_ORDER_EXAMPLE } } })
  @ApiCreatedResponse({
    description: 'Created and persisted.',
    standardSchema: CreatedOrder,
    example: CREATED_ORDER_EXAMPLE,
    headers: { ...LOCATION_HEADER, ...ETAG_HEADER, ...CORRELATION_HEADER },
  })
  @ApiOkResponse({
    description:
      'The order already existed (a retry), archived or not: the existing order, with a tracking token of this request ' +
      '(every token answered for the order works).',
    standardSchema: CreatedOrder,
    example: CREATED_ORDER_EXAMPLE,
    headers: { ...LOCATION_HEADER, ...ETAG_HEADER },
  })
  @ApiAcceptedResponse({
    description:
      'Durably queued, not yet persisted within INTAKE_WAIT_MS. If the orders service then refuses it, GET on the ' +
      'Location and any retry answer that refusal as this request would have got it (409), never 404.',
    standardSchema: OrderAccepted,
    example: { id: ORDER_EXAMPLE.id, status: 'PLACED', trackingToken: CREATED_ORDER_EXAMPLE.trackingToken },
    headers: LOCATION_HEADER,
  })
  @ApiProblems(
    400,
    401,
    {
      status: 403,
      description:
        'The key’s role may not create orders, it may not backfill `placedAt`, or brandId is outside the key’s brands.',
    },
    {
      status: 409,
      description:
        `\`${ProblemTypes.duplicatePayment}\` (a payment reference of another order, archived or not), \`${ProblemTypes.idempotencyConflict}\` ` +
        `(Idempotency-Key reused with another body), \`${ProblemTypes.storePaused}\` (the brand is PAUSED; \`until\`) or ` +
        `\`${ProblemTypes.itemsUnavailable}\` (the order holds snoozed PLUs; \`plus\`). Nothing is stored or published for ` +
        'an unavailable brand or item; backfills (`placedAt`) are exempt.',
      schema: AvailabilityProblemSchema,
    },
    413,
    415,
    503,
    500,
  )
  async create(
    @Body() dto: CreateOrderDto,
    @Headers('idempotency-key') idempotencyKeyHeader: string | undefined,
    @CurrentCaller() caller: AuthenticatedCaller,
    @CorrelationId() correlationId: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CreatedOrder | OrderAccepted> {
    assertBrandInScope(caller, dto.brandId);
    const idempotencyKey = parseIdempotencyKey(idempotencyKeyHeader);
    let placedAt: string | undefined;
    if (dto.placedAt !== undefined) {
      assertMayBackfill(caller, 'placedAt');
      placedAt = pastInstant('placedAt', dto.placedAt);
    }

    // A backfill is history being imported: the brand's availability now has no say over it.
    if (placedAt === undefined) assertBrandTakesOrder(this.availability, dto);
    const { placedAt: _backfill, ...order } = dto;
    if (order.pickupTime !== undefined) {
      order.pickupTime = instant('pickupTime', order.pickupTime);
      if (placedAt === undefined) assertPickupTimeWindow(order.pickupTime);
    }
    const orderId = orderIdFor(dto.brandId, dto.channelOrderId);
    const command: CreateOrderCommand = {
      orderId,
      // Plain data as it came, or the instances of a body class-transformer built: either goes out as the same JSON.
      order,
      ...(placedAt === undefined ? {} : { placedAt }),
      ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
      requestHash: sha256OfCanonicalJson(dto),
      // Minted here, before the order is queued, so that a 202 can carry it: random, not derived from anything.
      trackingToken: randomBytes(TRACKING_TOKEN_BYTES).toString('base64url'),
      caller: { role: caller.role, actor: caller.actor },
      correlationId,
    };

    const reply = await this.orders.command(OrderCommands.create, command, this.config.intakeWaitMs);
    res.setHeader('Location', `/v1/orders/${orderId}`);
    if (!reply.answered) {
      res.status(202);
      return { id: orderId, status: 'PLACED', trackingToken: command.trackingToken };
    }
    const outcome = unwrap(reply.result);
    res.status(outcome.created ? 201 : 200);
    res.setHeader('ETag', `"${outcome.order.version}"`);
    return { ...outcome.order, trackingToken: outcome.trackingToken };
  }
}
