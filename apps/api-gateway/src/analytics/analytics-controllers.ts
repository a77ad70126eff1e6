import { GetCustomerController } from './get-customer/get-customer.controller.js';
import { PunctualityController } from './punctuality/punctuality.controller.js';
import { RebuildController } from './rebuild/rebuild.controller.js';
import { StatusDurationsController } from './status-durations/status-durations.controller.js';
import { SummaryController } from './summary/summary.controller.js';
import { ThroughputController } from './throughput/throughput.controller.js';
import { TopCustomersController } from './top-customers/top-customers.controller.js';

/** Every analytics route, in use-case folders. */
export const ANALYTICS_CONTROLLERS = [
  StatusDurationsController,
  ThroughputController,
  PunctualityController,
  TopCustomersController,
  GetCustomerController,
  SummaryController,
  RebuildController,
];
