import { Body, Controller, Headers, Inject, Param, Put, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { APP_CONFIG, type AppConfig } from '#config';
import {
  AvailabilityCommands,
  type ChangeAccepted,
  BrandAvailabilityView,
  itemAvailabilityInputProblems,
  PLU_PATTERN,
  SetItemAvailabilityDto,
  type SetItemAvailabilityCommand,
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
export class SetItemAvailabilityController {
  constructor(
    @Inject(ORDERS_CLIENT) private readonly orders: OrdersClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly cache: AvailabilityCache,
  ) {}

  @Put(':brandId/items/:plu/availability')
  @Roles('staff')
  @ApiOperation({
    operationId: 'setItemAvailability',
    summary: 'Snooze or un-snooze a PLU',
    description:
      'Roles: staff (and admin). `available: false` snoozes the PLU (until `until`, a future instant, or until un-snoozed): ' +
      'new orders holding it are refused (409 `items-unavailable`). `available: true` un-snoozes it. Publishes ' +
      '`brand.item_availability_changed`; setting what already stands publishes nothing.',
  })
  @ApiParam({ name: 'brandId', description: 'The brand id, as orders carry it (1–128 characters).' })
  @ApiParam({ name: 'plu', description: 'The item’s plu: 1-64 letters, digits, ".", "_", ":" or "-".' })
  @ApiBody({ type: SetItemAvailabilityDto })
  @ApiKeyedChange('/v1/brands/{brandId}/availability')
  @ApiOkResponse({
    description: 'The brand’s availability.',
    standardSchema: BrandAvailabilityView,
    example: AVAILABILITY_EXAMPLE,
  })
  @ApiProblems(
    {
      status: 400,
      description: 'A body that is not valid, a plu that is not one, or until not in the future or with available: true.',
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
    @Param('plu') plu: string,
    @Body() dto: SetItemAvailabilityDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @CurrentCaller() caller: AuthenticatedCaller,
    @CorrelationId() correlationId: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<BrandAvailabilityView | ChangeAccepted> {
    const brandId = brandParam(caller, brandIdParam);
    const key = changeKey({ idempotencyKey, body: dto });
    if (!PLU_PATTERN.test(plu)) {
      throw ProblemException.validation([
        { field: 'plu', message: 'plu must be 1-64 letters, digits, ".", "_", ":" or "-", starting with a letter or digit' },
      ]);
    }
    const until = dto.until === undefined ? undefined : instant('until', dto.until);
    const input = { available: dto.available, ...(until === undefined ? {} : { until }) };
    const problems = itemAvailabilityInputProblems(input, new Date());
    if (problems.length) throw ProblemException.validation(problems);
    const command: SetItemAvailabilityCommand = {
      brandId,
      plu,
      ...input,
      ...key,
      caller: { role: caller.role, actor: caller.actor },
      correlationId,
    };
    const reply = await this.orders.command(AvailabilityCommands.setItem, command, this.config.intakeWaitMs);
    return changedAvailability(reply, this.cache, res, brandId);
  }
}
