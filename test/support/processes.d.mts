import type { ServiceName } from '../../scripts/services.mjs';

export { freePort } from '../../scripts/services.mjs';

export interface StartedServices {
  urls: Partial<Record<ServiceName, string>>;
  gatewayUrl: string;
  stop(): Promise<void>;
}

export function startServices(options: {
  keys: Record<string, string>;
  logDir: string;
  services?: ServiceName[];
  env?: Record<string, string>;
}): Promise<StartedServices>;
