import { createContext, useContext } from 'react';
import type { Api } from '../api/client.js';
import type { Session } from './session.js';

/** The signed-in user and the API bound to their token, for every page. */
export interface SessionContextValue {
  session: Session;
  api: Api;
  signOut(): void;
}

export const SessionContext = createContext<SessionContextValue | null>(null);

/** The signed-in user's session; pages render only inside the signed-in frame. */
export function useSession(): SessionContextValue {
  const v = useContext(SessionContext);
  if (!v) throw new Error('useSession outside the signed-in frame');
  return v;
}
