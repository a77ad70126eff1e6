import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { ITEM_STATUSES, type ItemStatus } from '../statuses.js';

export class ChangeItemStatusDto {
  @ApiProperty({ enum: ITEM_STATUSES, example: 'PREPARING' })
  @IsIn(ITEM_STATUSES, { message: `status must be one of ${ITEM_STATUSES.join(', ')}` })
  status: ItemStatus;
}

/** The plu rule of OrderItemDto, for path parameters. */
export const PLU_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
