import { type EventSourceMessage, fetchEventSource } from '@microsoft/fetch-event-source';
import { useEffect, useRef, useState } from 'react';
import type { CloudEvent } from '../../libs/contracts/src/events';
import { ApiError, authHeaders, failureOf } from '../shared/api';

export type StreamState = { kind: 'connecting' } | { kind: 'live' } | { kind: 'reconnecting'; reason: string };

export interface StreamHandlers {
  /** The stream is open. `resumed`: it picked up after the last event seen, so nothing was missed. */
  onOpen(resumed: boolean): void;
  onEvent(event: CloudEvent): void;
  /** The gateway no longer holds the events since the last one seen: whatever depends on them must be re-read. */
  onGap(): void;
  /** The key was refused (401) or may not read the stream (403): retrying cannot help. */
  onRefused(error: ApiError): void;
}

const FIRST_RETRY_MS = 1000;
const MAX_RETRY_MS = 10_000;

class Refused extends Error {
  constructor(readonly error: ApiError) {
    super(error.message);
  }
}

/**
 * `GET /v1/stream` with the key in the Authorization header (EventSource cannot send one, and the
 * key must stay out of URLs). fetch-event-source sends the last event id it saw as Last-Event-ID
 * when it reconnects, so a short drop loses nothing; a longer one is answered with `event: gap`.
 */
export function useOrderStream(handlers: StreamHandlers): StreamState {
  const [state, setState] = useState<StreamState>({ kind: 'connecting' });
  const latest = useRef(handlers);
  latest.current = handlers;

  useEffect(() => {
    const controller = new AbortController();
    let lastEventId: string | null = null;
    let failures = 0;

    const onmessage = (message: EventSourceMessage) => {
      if (message.id) lastEventId = message.id;
      if (message.event === 'gap') latest.current.onGap();
      else if (message.event && message.data) {
        const event = parseEvent(message.data);
        if (event) latest.current.onEvent(event);
      }
    };

    let headers: Record<string, string>;
    try {
      headers = authHeaders();
    } catch (error) {
      if (error instanceof ApiError) latest.current.onRefused(error);
      return;
    }
    fetchEventSource('/v1/stream', {
      headers,
      cache: 'no-store',
      signal: controller.signal,
      // A kitchen screen is often in a background tab or behind another window; it must stay live.
      openWhenHidden: true,
      async onopen(res) {
        if (!res.ok) {
          const error = await failureOf(res);
          if (error.kind === 'wrong-key' || error.kind === 'wrong-role') throw new Refused(error);
          throw error;
        }
        failures = 0;
        setState({ kind: 'live' });
        latest.current.onOpen(lastEventId !== null);
      },
      onmessage,
      onclose() {
        // The gateway ended the stream (restart, or this client fell too far behind): resume it.
        throw new Error('The live stream was closed by the gateway.');
      },
      onerror(error: unknown) {
        if (error instanceof Refused) throw error;
        const retryInMs = Math.min(FIRST_RETRY_MS * 2 ** failures++, MAX_RETRY_MS);
        const reason =
          error instanceof ApiError && error.kind !== 'unreachable' ? error.message : 'The connection to the gateway was lost.';
        setState({ kind: 'reconnecting', reason });
        return retryInMs;
      },
    }).catch((error: unknown) => {
      if (error instanceof Refused) latest.current.onRefused(error.error);
    });
    return () => controller.abort();
  }, []);

  return state;
}

/** A frame that is not a CloudEvent is skipped rather than allowed to break the stream. */
function parseEvent(data: string): CloudEvent | null {
  try {
    const event = JSON.parse(data) as CloudEvent;
    return typeof event?.type === 'string' && typeof event.subject === 'string' ? event : null;
  } catch {
    return null;
  }
}
