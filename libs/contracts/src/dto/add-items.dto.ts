import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, ValidateNested } from 'class-validator';
import { OrderItemDto } from './create-order.dto.js';
import { MAX_MONEY, MAX_ORDER_ITEMS, MAX_QUANTITY, MaxOrderTotal } from './input-rules.js';
import { UniqueBy } from './unique-by.validator.js';

export class AddItemsDto {
  @ApiProperty({
    type: [OrderItemDto],
    description:
      'Lines to add. A plu already on the order adds to its quantity and must repeat its name and unitPrice exactly (else 409). ' +
      `With them the order still has at most ${MAX_ORDER_ITEMS} lines, ${MAX_QUANTITY.toLocaleString('en')} of each, and a total of at most ${MAX_MONEY.toLocaleString('en')} (else 400).`,
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_ORDER_ITEMS)
  @ValidateNested({ each: true })
  @UniqueBy('plu', { message: 'items must not repeat a plu; give one line per plu with its total quantity' })
  @MaxOrderTotal()
  @Type(() => OrderItemDto)
  items: OrderItemDto[];
}
