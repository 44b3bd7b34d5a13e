import { useState } from 'react';
import type { FormInstance } from 'antd';
import { showFieldErrors } from './field-errors.js';

/** A button's call to a service: which one is running, and the last refusal to show. */
export interface Action {
  /** The key of the call running now ('' for a page's one action), or null. */
  pending: string | null;
  busy: boolean;
  error: unknown;
  /** Runs `work`, clearing the last error first; a refusal is kept (and put beside the form's fields). */
  run(work: () => Promise<unknown>, key?: string): Promise<void>;
  setError(e: unknown): void;
}

/**
 * What every page's buttons do around a call: show it running, forget the last refusal, keep the
 * new one (beside the fields it names when the call came from a form) instead of throwing it.
 */
export function useAction(form?: FormInstance): Action {
  const [pending, setPending] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const run = async (work: () => Promise<unknown>, key = '') => {
    setError(null);
    setPending(key);
    try {
      await work();
    } catch (e) {
      if (form) showFieldErrors(form, e);
      setError(e);
    } finally {
      setPending(null);
    }
  };
  return { pending, busy: pending !== null, error, run, setError };
}
