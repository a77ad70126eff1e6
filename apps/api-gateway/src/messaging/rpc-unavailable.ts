import { ServiceUnavailableException } from '@nestjs/common';
import { RpcRemoteError, RpcTimeoutError } from '#messaging';

/** A request to `service` that got no usable answer, as the 503 the caller gets. */
export function rpcUnavailable(error: unknown, service: string): ServiceUnavailableException {
  if (error instanceof RpcTimeoutError) {
    return new ServiceUnavailableException(`The ${service} service did not answer in time; try again shortly.`);
  }
  if (error instanceof RpcRemoteError) {
    return new ServiceUnavailableException(`The ${service} service could not process the request; try again shortly.`);
  }
  return new ServiceUnavailableException('The message broker did not accept the request; try again shortly.');
}
