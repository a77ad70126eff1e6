import { useCallback, useEffect, useRef, useState } from 'react';
import { type Figures, type Filters, loadFigures, type LoadProblem } from './figures';
import { REFRESH_MS, RETRY_MS } from './refresh';

export interface FiguresState {
  figures: Figures | null;
  problem: LoadProblem | null;
  /** When the figures shown were answered (ms since epoch). */
  updatedAt: number | null;
  loading: boolean;
  refresh: () => void;
}

/**
 * The page's figures for `filters`, asked again every REFRESH_MS while the tab is visible (a hidden
 * tab asks nothing, and catches up as soon as it is shown). A change of filters asks at once and
 * drops any answer still on its way for the old ones. A refused key goes to `onRefused`.
 */
export function useFigures(filters: Filters, onRefused: (message: string) => void): FiguresState {
  const [figures, setFigures] = useState<Figures | null>(null);
  const [problem, setProblem] = useState<LoadProblem | null>(null);
  const [updatedAt, setUpdatedAt] = useState<number | null>(null);
  const [loading, setLoading] = useState(true);
  const [asked, setAsked] = useState(0);
  const refused = useRef(onRefused);
  refused.current = onRefused;

  useEffect(() => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let paused = false;

    const run = async () => {
      timer = undefined;
      if (document.hidden) {
        paused = true;
        return;
      }
      setLoading(true);
      const outcome = await loadFigures(filters, Date.now(), controller.signal);
      if (controller.signal.aborted) return;
      setLoading(false);
      if (outcome.problem?.kind === 'refused') return refused.current(outcome.problem.message);
      setProblem(outcome.problem);
      // Offline: keep showing the last figures, marked by the notice and their time, rather than none.
      if (outcome.problem?.kind !== 'offline') {
        setFigures(outcome.figures);
        setUpdatedAt(Date.now());
      }
      timer = setTimeout(() => void run(), outcome.problem ? RETRY_MS : REFRESH_MS);
    };
    const onVisibility = () => {
      if (document.hidden) {
        clearTimeout(timer);
        timer = undefined;
        paused = true;
      } else if (paused) {
        paused = false;
        void run();
      }
    };

    document.addEventListener('visibilitychange', onVisibility);
    void run();
    return () => {
      controller.abort();
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [filters, asked]);

  const refresh = useCallback(() => setAsked((n) => n + 1), []);
  return { figures, problem, updatedAt, loading, refresh };
}
