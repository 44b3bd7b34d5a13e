import { useCallback, useEffect, useState } from 'react';

/** A read a page shows: loading until it answers, then its value or its error; reload() reads again. */
export interface Loaded<T> {
  value: T | undefined;
  error: unknown;
  loading: boolean;
  reload(): void;
}

/** Runs `read` when its dependencies change and keeps the latest answer (an older one is dropped). */
export function useLoad<T>(read: () => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const [state, setState] = useState<{ value?: T; error: unknown; loading: boolean }>({
    error: null,
    loading: true,
  });
  const [tick, setTick] = useState(0);
  // The caller names what the read depends on, as with useEffect.
  const run = useCallback(read, deps);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    run().then(
      (value) => live && setState({ value, error: null, loading: false }),
      (error: unknown) => live && setState({ error, loading: false }),
    );
    return () => {
      live = false;
    };
  }, [run, tick]);
  return { ...state, value: state.value, reload: () => setTick((t) => t + 1) };
}
