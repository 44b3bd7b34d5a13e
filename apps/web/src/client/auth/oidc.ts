import { UserManager, WebStorageStateStore } from 'oidc-client-ts';
import type { SignInConfig } from './sign-in-config.js';

/**
 * The court's identity provider: authorization code with PKCE (oidc-client-ts does both).
 * The access token carries sub, court, division and roles as the services read them.
 */
export function userManager(config: Extract<SignInConfig, { mode: 'oidc' }>): UserManager {
  return new UserManager({
    authority: config.authority,
    client_id: config.clientId,
    scope: config.scope,
    redirect_uri: `${location.origin}/auth/callback`,
    post_logout_redirect_uri: `${location.origin}/`,
    response_type: 'code',
    userStore: new WebStorageStateStore({ store: sessionStorage }),
  });
}
