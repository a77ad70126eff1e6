import { OmitType } from '@nestjs/swagger';
import { ListOrdersQueryDto } from './list-orders.query.js';

/** The list's filters, without paging: the export answers every matching order. */
export class ExportOrdersQueryDto extends OmitType(ListOrdersQueryDto, ['limit', 'cursor'] as const) {}
