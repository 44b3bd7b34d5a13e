import { interfererKindContradiction } from '@jir/rules';
import { problem } from '@jir/service-kit';

/**
 * Refuses a stated interferer kind that contradicts the stated status and post
 * (Art 15, R-SC-3): `leading-cadre` follows from the facts, retired included.
 */
export function refuseContradictoryKind(
  interferer:
    | {
        kind: string;
        stateFunctionary?: boolean | undefined;
        leadingPost?: boolean | undefined;
        retired?: boolean;
      }
    | undefined,
  prefix: string,
): void {
  if (!interferer) return;
  const why = interfererKindContradiction(interferer);
  if (!why) return;
  throw problem('validation-failed', {
    message: {
      zh: `过问人类别与其身份不符：${why.zh}`,
      en: `the interferer kind contradicts their status: ${why.en}`,
    },
    errors: [{ path: `${prefix}interferer.kind`, code: 'kind-contradicts-status', message: why }],
  });
}
