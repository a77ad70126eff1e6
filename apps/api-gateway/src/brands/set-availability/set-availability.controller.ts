import { Body, Controller, Headers, Inject, Param, Put, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { APP_CONFIG, type AppConfig } from '#config';
import {
  AvailabilityCommands,
  type ChangeAccepted,
  availabilityInputProblems,
  BrandAvailabilityView,
  SetAvailabilityDto,
  type SetAvailabilityCommand,
} from '#contracts';
import { ApiCorrelationHeader, ApiProblems, CorrelationId, ProblemException } from '#http';
import { CurrentCaller, type AuthenticatedCaller } from '../../auth/caller.js';
import { Roles } from '../../auth/roles.decorator.js';
import { ORDERS_CLIENT, type OrdersClient } from '../../orders/orders-client.port.js';
import { ApiKeyedChange, KEY_REUSED, NOTHING_QUEUED } from '../../orders/change-docs.js';
import { changeKey } from '../../orders/changed-order.js';
import { instant } from '../../orders/request-input.js';
import { AvailabilityCache } from '../availability-cache.js';
import { AVAILABILITY_EXAMPLE } from '../availability.examples.js';
import { brandParam, changedAvailability } from '../availability-route.js';

@ApiTags('brands')
@ApiBearerAuth('bearer')
@ApiCorrelationHeader()
@Controller('v1/brands')
export class SetAvailabilityController {
  constructor(
    @Inject(ORDERS_CLIENT) private readonly orders: OrdersClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly cache: AvailabilityCache,
  ) {}

  @Put(':brandId/availability')
  @Roles('staff')
  @ApiOperation({
    operationId: 'setBrandAvailability',
    summary: 'Set a brand ONLINE, BUSY or PAUSED',
    description:
      'Roles: staff (and admin). BUSY may add `extraPrepMinutes` (1–120) to the brand’s prep estimate; PAUSED refuses new ' +
      'orders (409 `store-paused`). `until`, a future instant, puts the brand back ONLINE then. Publishes ' +
      '`brand.availability_changed`; setting what already stands changes nothing and publishes nothing. Takes effect ' +
      'for intake on every gateway within a second.',
  })
  @ApiParam({ name: 'brandId', description: 'The brand id, as orders carry it (1–128 characters).' })
  @ApiBody({ type: SetAvailabilityDto })
  @ApiKeyedChange('/v1/brands/{brandId}/availability')
  @ApiOkResponse({
    description: 'The brand’s availability.',
    standardSchema: BrandAvailabilityView,
    example: AVAILABILITY_EXAMPLE,
  })
  @ApiProblems(
    {
      status: 400,
      description:
        'A body that is not valid: an unknown state, extraPrepMinutes without BUSY or outside 1–120, until not in the future.',
    },
    401,
    { status: 403, description: 'The key’s role may not change availability, or the brand is outside the key’s brands.' },
    413,
    415,
    KEY_REUSED,
    NOTHING_QUEUED,
    500,
  )
  async set(
    @Param('brandId') brandIdParam: string,
    @Body() dto: SetAvailabilityDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @CurrentCaller() caller: AuthenticatedCaller,
    @CorrelationId() correlationId: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<BrandAvailabilityView | ChangeAccepted> {
    const brandId = brandParam(caller, brandIdParam);
    const key = changeKey({ idempotencyKey, body: dto });
    const until = dto.until === undefined ? undefined : instant('until', dto.until);
    const input = {
      state: dto.state,
      ...(dto.extraPrepMinutes === undefined ? {} : { extraPrepMinutes: dto.extraPrepMinutes }),
      ...(until === undefined ? {} : { until }),
    };
    const problems = availabilityInputProblems(input, new Date());
    if (problems.length) throw ProblemException.validation(problems);
    const command: SetAvailabilityCommand = {
      brandId,
      ...input,
      ...key,
      caller: { role: caller.role, actor: caller.actor },
      correlationId,
    };
    const reply = await this.orders.command(AvailabilityCommands.set, command, this.config.intakeWaitMs);
    return changedAvailability(reply, this.cache, res, brandId);
  }
}
