import { once } from 'node:events';
import { Controller, Get, Inject, Logger, Query, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import {
  type ExportOrdersQuery,
  ExportOrdersQueryDto,
  ORDER_EXPORT_COLUMNS,
  ORDER_EXPORT_PAGE,
  type OrderExportPage,
  OrderQueries,
} from '#contracts';
import { ApiCorrelationHeader, ApiProblems, ProblemException } from '#http';
import { assertBrandInScope, scopeOf } from '../../auth/brand-scope.js';
import { CurrentCaller, type AuthenticatedCaller } from '../../auth/caller.js';
import { Roles } from '../../auth/roles.decorator.js';
import { CsvOnly } from '../../csv/csv-answer.js';
import { CSV_CONTENT_TYPE, csvOf, csvRecords } from '../../csv/csv.js';
import { unwrap } from '../domain-error.problem.js';
import { ORDERS_CLIENT, type OrdersClient } from '../orders-client.port.js';
import { instant } from '../request-input.js';

const HEADER = ORDER_EXPORT_COLUMNS.join(',');
/** Tries of a page after the first: a page that timed out once is asked again rather than cutting a long export short. */
const PAGE_ATTEMPTS = 3;

@ApiTags('orders')
@ApiBearerAuth('bearer')
@ApiCorrelationHeader()
@Controller('v1/orders')
export class ExportOrdersController {
  private readonly logger = new Logger(ExportOrdersController.name);

  constructor(@Inject(ORDERS_CLIENT) private readonly orders: OrdersClient) {}

  @Get('export')
  @Roles('staff', 'analyst', 'internal')
  @CsvOnly()
  @ApiOperation({
    operationId: 'exportOrders',
    summary: 'Every matching order as CSV, streamed',
    description:
      'Roles: staff, analyst, internal (and admin). The filters of GET /v1/orders (no paging): every matching order, newest ' +
      `createdAt first, as RFC 4180 CSV with the header \`${HEADER}\`. itemCount counts the order's lines; totalAmount is ` +
      'the sum of quantity × unitPrice over them, paidAmount the sum of its payments, refundedAmount the sum of its refunds ' +
      'not FAILED (exact decimals); currency is empty when the order has none. Streamed a page at a time: memory does not ' +
      'grow with the number of orders. A failure after the first rows ends the response early (no trailing CRLF).',
  })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: `CSV: \`${HEADER}\`, then one record per order.`, schema: { type: 'string' } })
  @ApiProblems(400, 401, 403, 503, 500)
  async export(
    @Query() query: ExportOrdersQueryDto,
    @CurrentCaller() caller: AuthenticatedCaller,
    @Res() res: Response,
  ): Promise<void> {
    assertBrandInScope(caller, query.brandId);
    const createdFrom = query.createdFrom === undefined ? undefined : instant('createdFrom', query.createdFrom);
    const createdTo = query.createdTo === undefined ? undefined : instant('createdTo', query.createdTo);
    if (createdFrom !== undefined && createdTo !== undefined && Date.parse(createdFrom) >= Date.parse(createdTo)) {
      throw ProblemException.validation([{ field: 'createdTo', message: 'createdTo must be after createdFrom' }]);
    }
    const filter: ExportOrdersQuery = {
      ...(query.status === undefined ? {} : { status: [...new Set(query.status)] }),
      ...(query.brandId === undefined ? {} : { brandId: query.brandId }),
      ...(query.customerId === undefined ? {} : { customerId: query.customerId }),
      ...(createdFrom === undefined ? {} : { createdFrom }),
      ...(createdTo === undefined ? {} : { createdTo }),
      ...(query.includeArchived === 'true' ? { includeArchived: true } : {}),
      limit: ORDER_EXPORT_PAGE,
      ...scopeOf(caller),
    };
    const pageAt = async (cursor?: string): Promise<OrderExportPage> =>
      unwrap(await this.orders.query(OrderQueries.exportPage, cursor === undefined ? filter : { ...filter, cursor }));
    const nextPage = async (cursor: string): Promise<OrderExportPage> => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await pageAt(cursor);
        } catch (err) {
          if (attempt >= PAGE_ATTEMPTS || !(err instanceof ServiceUnavailableException)) throw err;
        }
      }
    };

    // The first page before any byte: until then a failure is still an ordinary problem document.
    let page = await pageAt();
    res.status(200).type(CSV_CONTENT_TYPE).setHeader('Content-Disposition', 'attachment; filename="orders.csv"');
    let closed = false;
    res.on('close', () => (closed = true));
    try {
      if (!res.write(csvOf(ORDER_EXPORT_COLUMNS, []))) await once(res, 'drain');
      for (;;) {
        if (page.rows.length && !res.write(csvRecords(page.rows))) await once(res, 'drain');
        if (page.nextCursor === null || closed) break;
        page = await nextPage(page.nextCursor);
      }
      res.end();
    } catch (err) {
      // Headers are gone: all that is left is to cut the response short, so the client sees an incomplete file.
      this.logger.warn(`orders export cut short: ${String(err)}`);
      res.destroy(err instanceof Error ? err : new Error(String(err)));
    }
  }
}
