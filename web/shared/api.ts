import { forgetKey, storedKey } from './session-key';

/** An RFC 9457 problem document as the gateway sends it. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  errors?: { field: string; message: string }[];
}

/** Why a call failed, in the terms a page shows: the key, the gateway, or the request itself. */
export type FailureKind = 'no-key' | 'wrong-key' | 'wrong-role' | 'unreachable' | 'unavailable' | 'conflict' | 'rejected';

export class ApiError extends Error {
  constructor(
    readonly kind: FailureKind,
    readonly status: number | null,
    readonly problem: Problem | null,
    message: string,
  ) {
    super(message);
  }
}

export function authHeaders(): Record<string, string> {
  const key = storedKey();
  if (!key) throw new ApiError('no-key', null, null, 'Enter an API key to continue.');
  return { Authorization: `Bearer ${key}` };
}

/** Turns a non-2xx answer into an ApiError whose message a person can act on. */
export async function failureOf(res: Response): Promise<ApiError> {
  const problem = await res
    .json()
    .then((body: unknown) => (body && typeof body === 'object' ? (body as Problem) : null))
    .catch(() => null);
  const detail = problem?.detail ?? problem?.title ?? res.statusText;
  switch (res.status) {
    case 401:
      forgetKey();
      return new ApiError('wrong-key', 401, problem, 'This API key is not recognised. Enter a valid key.');
    case 403:
      return new ApiError('wrong-role', 403, problem, detail || 'This key may not do that.');
    case 409:
    case 412:
      return new ApiError('conflict', res.status, problem, detail);
    case 502:
    case 503:
    case 504:
      return new ApiError('unavailable', res.status, problem, `The service is unavailable (${res.status}): ${detail}`);
    default:
      return new ApiError('rejected', res.status, problem, detail);
  }
}

/**
 * A JSON call to this gateway with the stored key; network failures become `unreachable`.
 * `no-store`: what a key may read stays out of the browser's disk cache on a shared tablet.
 */
export async function api<T>(path: string, init: RequestInit = {}): Promise<{ body: T; headers: Headers; status: number }> {
  const headers = { Accept: 'application/json', ...authHeaders(), ...(init.headers as Record<string, string>) };
  let res: Response;
  try {
    res = await fetch(path, { cache: 'no-store', ...init, headers });
  } catch {
    throw new ApiError('unreachable', null, null, 'The gateway cannot be reached. Retrying…');
  }
  if (!res.ok) throw await failureOf(res);
  return { body: (res.status === 204 ? undefined : await res.json()) as T, headers: res.headers, status: res.status };
}
