import { fileURLToPath } from 'node:url';
import { DEFAULT_LOCAL_KEY_DIR, ensureLocalKeyPair, signUserToken } from '@jir/service-kit';
import { createApp, type SignInMode } from './app.js';
import { loadConfig } from './config.js';

const config = loadConfig();
const signIn: SignInMode = config.AUTH_DEV_MODE
  ? { mode: 'dev' }
  : {
      mode: 'oidc',
      authority: config.OIDC_AUTHORITY!,
      clientId: config.OIDC_CLIENT_ID!,
      scope: config.OIDC_SCOPE,
    };
// The local development key is read only in dev mode: production never holds a signing key here.
const devKey = config.AUTH_DEV_MODE
  ? ensureLocalKeyPair(config.AUTH_LOCAL_KEY_DIR ?? DEFAULT_LOCAL_KEY_DIR)
  : null;

const app = createApp({
  services: {
    intake: config.INTAKE_URL,
    evidence: config.EVIDENCE_URL,
    deadlines: config.DEADLINES_URL,
    reporting: config.REPORTING_URL,
  },
  signIn,
  ...(devKey ? { mintDevToken: (claims) => signUserToken(devKey.privateKeyPem, claims) } : {}),
  staticDir: config.STATIC_DIR ?? fileURLToPath(new URL('../client', import.meta.url)),
});

const server = app.listen(config.PORT, config.HOST, () => {
  const a = server.address();
  const port = typeof a === 'object' && a ? a.port : config.PORT;
  console.error(
    `过问案件记录系统 web: http://localhost:${port}${config.AUTH_DEV_MODE ? ' (开发登录 / dev sign-in)' : ''}`,
  );
});
// Uploads of several GB take longer than Node's default request timeout (5 minutes).
server.requestTimeout = 0;
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
