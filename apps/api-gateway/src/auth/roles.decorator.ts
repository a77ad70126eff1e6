import { SetMetadata } from '@nestjs/common';
import type { ApiRole } from '#config';

export const ROLES_KEY = 'gateway:roles';

/**
 * The roles that may call a route (`admin` always may). A route of the gateway without `@Roles`
 * is open to every authenticated key ("any" in the contract).
 */
export const Roles = (...roles: ApiRole[]) => SetMetadata(ROLES_KEY, roles);

export { Public, PUBLIC_ROUTE_KEY as PUBLIC_KEY } from '#http';
