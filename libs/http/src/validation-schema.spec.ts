import 'reflect-metadata';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { closeValidatedSchemas, documentValidationRules } from './validation-schema.js';

class LineFixture {
  @ApiProperty({ example: 2, description: 'How many.' })
  @IsInt()
  @Min(1)
  @Max(99)
  quantity: number;

  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(40)
  @Matches(/^[A-Z]+$/)
  code: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @ArrayMaxSize(3)
  @IsIn(['a', 'b'], { each: true })
  tags?: string[];

  @IsString()
  @MaxLength(10)
  undocumented: string;
}

const optionsOf = (property: string) => Reflect.getMetadata('swagger/apiModelProperties', LineFixture.prototype, property);

describe('documentValidationRules', () => {
  const validated = documentValidationRules();

  it('writes each rule’s limit beside the options the property was documented with', () => {
    expect(optionsOf('quantity')).toMatchObject({
      type: 'integer',
      minimum: 1,
      maximum: 99,
      example: 2,
      description: 'How many.',
    });
    expect(optionsOf('code')).toMatchObject({ minLength: 1, maxLength: 40, pattern: '^[A-Z]+$' });
  });

  it('puts element rules (`each`) on the elements and keeps array keywords on the array', () => {
    expect(optionsOf('tags')).toMatchObject({ maxItems: 3, enum: ['a', 'b'], required: false });
  });

  it('documents nothing that was not documented, and gives the same result when run again', () => {
    expect(optionsOf('undocumented')).toBeUndefined();
    const before = optionsOf('quantity');
    documentValidationRules();
    expect(optionsOf('quantity')).toEqual(before);
  });

  it('closes the schema of every validated class, and only those', () => {
    const schemas = { LineFixture: { type: 'object' }, SomethingElse: { type: 'object' } };
    closeValidatedSchemas(schemas, validated);
    expect(schemas).toEqual({ LineFixture: { type: 'object', additionalProperties: false }, SomethingElse: { type: 'object' } });
  });
});
