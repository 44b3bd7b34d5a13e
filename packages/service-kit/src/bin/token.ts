#!/usr/bin/env node
// Prints a JWT signed with the local development key, trusted by locally started services.
import { parseArgs } from 'node:util';
import { ROLES } from '@jir/rules';
import { ensureLocalKeyPair, DEFAULT_LOCAL_KEY_DIR } from '../auth/local-keys.js';
import { DEFAULT_TOKEN_AUDIENCE, LOCAL_TOKEN_ISSUER, signUserToken } from '../auth/tokens.js';

const usage = `usage: npm run -s token -- --sub ID --court CODE --roles ROLE[,ROLE] [--division D] [--divisions D1,D2] [--name NAME] [--ttl 8h] [--issuer ISS] [--audience AUD] [--key-dir DIR]
roles: ${ROLES.join(', ')}`;

try {
  const { values } = parseArgs({
    options: {
      sub: { type: 'string' },
      court: { type: 'string' },
      roles: { type: 'string' },
      division: { type: 'string' },
      divisions: { type: 'string' },
      name: { type: 'string' },
      // At most the services' AUTH_MAX_TOKEN_LIFETIME (12 h by default), or they refuse the token.
      ttl: { type: 'string', default: '8h' },
      // The services' AUTH_ISSUER and AUTH_AUDIENCE; the defaults match theirs.
      issuer: { type: 'string', default: LOCAL_TOKEN_ISSUER },
      audience: { type: 'string', default: DEFAULT_TOKEN_AUDIENCE },
      'key-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  if (!values.sub || !values.court || !values.roles)
    throw new Error('--sub, --court and --roles are required');
  const roles = values.roles
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  const unknown = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (unknown.length) throw new Error(`unknown role(s): ${unknown.join(', ')}`);
  const pair = ensureLocalKeyPair(values['key-dir'] ?? DEFAULT_LOCAL_KEY_DIR);
  const token = await signUserToken(
    pair.privateKeyPem,
    {
      sub: values.sub,
      court: values.court,
      roles,
      ...(values.division ? { division: values.division } : {}),
      ...(values.divisions ? { divisions: values.divisions.split(',') } : {}),
      ...(values.name ? { name: values.name } : {}),
    },
    { expiresIn: values.ttl, issuer: values.issuer, audience: values.audience },
  );
  process.stdout.write(`${token}\n`);
} catch (e) {
  console.error(`${(e as Error).message}\n${usage}`);
  process.exit(2);
}
