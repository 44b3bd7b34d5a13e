import type { Actor } from '@jir/rules';

/** The signed-in user: the token the services verify and the claims the interface reads. */
export interface Session {
  token: string;
  actor: Actor & { name?: string };
  expiresAt: number;
}

const KEY = 'jir.session';

/** The claims part of a JWT; the services verify the signature, the browser only reads it. */
export function actorFromToken(token: string): { actor: Session['actor']; expiresAt: number } {
  const part = token.split('.')[1] ?? '';
  const json = new TextDecoder().decode(
    Uint8Array.from(atob(part.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0)),
  );
  const c = JSON.parse(json) as {
    sub: string;
    court: string;
    division?: string;
    divisions?: string[];
    roles?: string[];
    name?: string;
    exp: number;
  };
  return {
    actor: {
      sub: c.sub,
      court: c.court,
      division: c.division,
      divisions: c.divisions,
      roles: c.roles ?? [],
      ...(c.name ? { name: c.name } : {}),
    },
    expiresAt: c.exp * 1000,
  };
}

/** The session of this tab (sessionStorage: closing the tab signs out). */
export function loadSession(): Session | null {
  const raw = sessionStorage.getItem(KEY);
  if (!raw) return null;
  const s = JSON.parse(raw) as Session;
  return s.expiresAt > Date.now() ? s : null;
}

/** Keeps the session for this tab. */
export function saveSession(token: string): Session {
  const s: Session = { token, ...actorFromToken(token) };
  sessionStorage.setItem(KEY, JSON.stringify(s));
  return s;
}

/** Forgets the session. */
export function clearSession(): void {
  sessionStorage.removeItem(KEY);
}
