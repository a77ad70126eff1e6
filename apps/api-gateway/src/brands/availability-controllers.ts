import { GetAvailabilityController } from './get-availability/get-availability.controller.js';
import { SetAvailabilityController } from './set-availability/set-availability.controller.js';
import { SetItemAvailabilityController } from './set-item-availability/set-item-availability.controller.js';

/** The brand availability routes (CONTRACT section 7). */
export const AVAILABILITY_CONTROLLERS = [GetAvailabilityController, SetAvailabilityController, SetItemAvailabilityController];
