import type { StandardSchemaConverter } from '@nestjs/swagger';
import {
  AddressView,
  BrandAvailabilityView,
  CreatedOrder,
  CustomerView,
  ItemHistoryEntry,
  namedJsonSchemas,
  OrderAccepted,
  ChangeAccepted,
  OrderHistoryEntry,
  OrderHistoryView,
  OrderItemView,
  OrderPage,
  OrderView,
  PaymentView,
  RefundPage,
  RefundView,
  SnoozedItemView,
  TrackingView,
} from '#contracts';

/**
 * The answers' OpenAPI components: each is the JSON Schema of its wire shape in #contracts, under
 * the name a generated client knows it by. A route names its answer with `standardSchema: OrderView`.
 */
const COMPONENTS = {
  CustomerViewSchema: CustomerView,
  AddressViewSchema: AddressView,
  OrderItemViewSchema: OrderItemView,
  PaymentViewSchema: PaymentView,
  OrderViewSchema: OrderView,
  CreatedOrderSchema: CreatedOrder,
  OrderAcceptedSchema: OrderAccepted,
  ChangeAcceptedSchema: ChangeAccepted,
  TrackingViewSchema: TrackingView,
  OrderPageSchema: OrderPage,
  OrderHistoryEntrySchema: OrderHistoryEntry,
  ItemHistoryEntrySchema: ItemHistoryEntry,
  OrderHistorySchema: OrderHistoryView,
  RefundViewSchema: RefundView,
  RefundPageSchema: RefundPage,
  SnoozedItemViewSchema: SnoozedItemView,
  BrandAvailabilityViewSchema: BrandAvailabilityView,
};

/** For `SwaggerModule.createDocument`: a named wire shape becomes a `$ref` to its component. */
export function wireShapeConverter(): StandardSchemaConverter {
  const { schemas, nameOf } = namedJsonSchemas(COMPONENTS, (name) => `#/components/schemas/${name}`);
  return (shape) => {
    const name = nameOf(shape);
    if (!name) throw new Error('An answer documented by a wire shape must be one of the named OpenAPI components');
    return { schema: { $ref: `#/components/schemas/${name}` }, components: schemas };
  };
}
