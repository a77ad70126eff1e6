import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, ValidateNested } from 'class-validator';
import { OrderItemDto } from './create-order.dto.js';
import { UniqueBy } from './unique-by.validator.js';

export class AddItemsDto {
  @ApiProperty({
    type: [OrderItemDto],
    minItems: 1,
    maxItems: 200,
    description:
      'Lines to add. A plu already on the order adds to its quantity and must repeat its name and unitPrice exactly (else 409).',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @UniqueBy('plu', { message: 'items must not repeat a plu; give one line per plu with its total quantity' })
  @Type(() => OrderItemDto)
  items: OrderItemDto[];
}
