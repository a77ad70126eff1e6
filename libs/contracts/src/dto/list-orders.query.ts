import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsISO8601, IsOptional, IsString, MaxLength } from 'class-validator';
import { ORDER_STATUSES, type OrderStatus } from '../statuses.js';
import { PageQueryDto } from './page.query.js';
import { IsStorableText } from './input-rules.js';

export class ListOrdersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ORDER_STATUSES, isArray: true, description: 'Repeat to match any of several.' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (Array.isArray(value) ? value : [value]))
  @IsIn(ORDER_STATUSES, { each: true, message: `status must be one of ${ORDER_STATUSES.join(', ')}` })
  status?: OrderStatus[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @IsStorableText()
  @MaxLength(128)
  brandId?: string;

  @ApiPropertyOptional({ description: 'The analytics customer key (customer.id, else the normalised phone number).' })
  @IsOptional()
  @IsString()
  @IsStorableText()
  @MaxLength(128)
  customerId?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Inclusive.' })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  createdFrom?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Exclusive.' })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  createdTo?: string;

  @ApiPropertyOptional({
    enum: ['true', 'false'],
    default: 'false',
    description: 'true: orders moved to the archive (finished more than ORDER_RETENTION_DAYS ago) as well.',
  })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'includeArchived must be true or false' })
  includeArchived?: 'true' | 'false';
}
