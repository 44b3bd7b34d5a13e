/** What the web server says about signing in (GET /auth/config). */
export type SignInConfig =
  { mode: 'dev' } | { mode: 'oidc'; authority: string; clientId: string; scope: string };

/** Reads the sign-in configuration of this deployment. */
export async function fetchSignInConfig(): Promise<SignInConfig> {
  const r = await fetch('/auth/config');
  if (!r.ok) throw new Error(`auth config: ${r.status}`);
  return (await r.json()) as SignInConfig;
}
