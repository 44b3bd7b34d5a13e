import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:net';

/** A port nobody listens on yet: a receiving deployment comes up there later. */
export async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

/** A deployment's Ed25519 report-signing key pair (PEM). */
export const keyPair = () => {
  const k = generateKeyPairSync('ed25519');
  return {
    priv: k.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    pub: k.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
};

/** One deployment's configuration among several: its courts, key and peers; quick retries. */
export function deploymentEnv(d: {
  id: string;
  courts: string[];
  privateKey: string;
  peers: { id: string; url: string; courts: string[]; publicKey: string }[];
  port?: number;
}): Record<string, string> {
  return {
    ...(d.port !== undefined ? { PORT: String(d.port) } : {}),
    DEPLOYMENT_ID: d.id,
    DEPLOYMENT_COURTS: d.courts.join(','),
    REPORT_SIGNING_KEY: d.privateKey,
    DELIVERY_IDLE_MS: '50',
    DELIVERY_BACKOFF_MAX_MS: '1000',
    PEERS: JSON.stringify(d.peers),
  };
}
