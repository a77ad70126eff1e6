import { useEffect, useState } from 'react';
import type { TrackingView } from './tracking-model';

export type Connection = 'loading' | 'live' | 'reconnecting' | 'gone';

const RETRY_MS = 5_000;

/**
 * The link's view, live: read once, then follow the stream (which starts with the current view).
 * When the stream fails, the view is read again: a 404 means the link shows nothing (any more),
 * anything else is a connection that comes back.
 */
export function useTracking(token: string): { view: TrackingView | null; connection: Connection } {
  const [view, setView] = useState<TrackingView | null>(null);
  const [connection, setConnection] = useState<Connection>('loading');

  useEffect(() => {
    let stopped = false;
    let source: EventSource | null = null;
    let timer: number | undefined;
    const url = `/v1/track/${encodeURIComponent(token)}`;

    const read = async (): Promise<boolean> => {
      try {
        const res = await fetch(url, { cache: 'no-store', headers: { Accept: 'application/json' } });
        if (res.status === 404) {
          setConnection('gone');
          return false;
        }
        if (res.ok) setView((await res.json()) as TrackingView);
      } catch {
        // Offline: try again below.
      }
      return true;
    };
    const follow = () => {
      if (stopped) return;
      source = new EventSource(`${url}/stream`);
      source.addEventListener('update', (e) => {
        setView(JSON.parse((e as MessageEvent<string>).data) as TrackingView);
        setConnection('live');
      });
      source.onerror = () => {
        if (source?.readyState === EventSource.CONNECTING) return setConnection('reconnecting');
        source?.close();
        setConnection('reconnecting');
        timer = window.setTimeout(() => void read().then((again) => again && follow()), RETRY_MS);
      };
    };
    void read().then((again) => again && follow());
    return () => {
      stopped = true;
      source?.close();
      window.clearTimeout(timer);
    };
  }, [token]);

  return { view, connection };
}
