import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { IsStorableText, ToQueryInteger } from './input-rules.js';

/** Keyset paging shared by every list: `limit` 1–500 (default 50) and an opaque `cursor`. */
export class PageQueryDto {
  @ApiPropertyOptional({ default: 50 })
  @IsOptional()
  @ToQueryInteger()
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @ApiPropertyOptional({ description: 'Opaque; from the previous page’s nextCursor.' })
  @IsOptional()
  @IsString()
  @IsStorableText()
  @MaxLength(512)
  cursor?: string;
}
