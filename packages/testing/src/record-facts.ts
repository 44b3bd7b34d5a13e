/**
 * The facts of a record as intake's record events carry them (the data of
 * `recordDrafted`, without `enteredAt` or `changedFields`): a telephone call
 * taken by judge-a of civil-1 from a leading cadre, no special item. The
 * services that consume those events announce records with it in their
 * tests, overriding what the test is about, so a change to what the events
 * carry is made once.
 */
export function recordEventFacts<O extends Record<string, unknown>>(
  over: O = {} as O,
): Omit<ReturnType<typeof defaults>, keyof O> & O {
  return { ...defaults(), ...over };
}

const defaults = () => ({
  recordId: crypto.randomUUID() as string,
  caseNumber: '(2026)吉0102民初1234号',
  stage: 'trial' as const,
  form: 'telephone' as const,
  handler: 'judge-a',
  division: 'civil-1',
  interfererKind: 'leading-cadre' as const,
  unitType: 'administrative-organ' as const,
  interfererIdentityId: null,
  specialItems: [],
  severe: false,
  involvesPrincipalLeader: false,
  receivedAt: '2026-03-03T10:00:00+08:00',
  communicatedAt: '2026-03-03T09:00:00+08:00',
});
