// The tests' own "identity provider": a fresh Ed25519 key pair whose public half a service under
// test is given (AUTH_PUBLIC_KEY or a verifier), and tokens signed with the private half. One
// copy for every harness, benchmark and system test, so the fixture caller is the same everywhere.
import { generateKeyPairSync } from 'node:crypto';
import { signUserToken, type UserClaims } from '@jir/service-kit';

/** The fixture caller: the handler of the fixture records (judge-a, civil-1, Nanguan court). */
export const FIXTURE_HANDLER: UserClaims = {
  sub: 'judge-a',
  court: 'JL-CC-NG',
  division: 'civil-1',
  roles: ['case-handler'],
};

/** A key pair of its own; `token(claims)` signs `defaults` overridden by `claims`. */
export function testUsers(defaults: UserClaims = FIXTURE_HANDLER): {
  publicKeyPem: string;
  privateKeyPem: string;
  token: (claims?: Partial<UserClaims>) => Promise<string>;
} {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  return {
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privateKeyPem,
    token: (claims = {}) => signUserToken(privateKeyPem, { ...defaults, ...claims }),
  };
}
