/**
 * A valid body of intake's `POST /v1/records`; override what the test is about. A telephone call
 * is spoken (R-RC-3), so it says where the handler took it and, unless the test lists persons
 * present, that nobody else was there. Shared by intake's tests, the system tests and the
 * benchmarks, so a change to what a record needs is made once.
 */
export function recordBody(over: Record<string, unknown> = {}) {
  return {
    place: '本人办公室（接听电话）',
    ...('personsPresent' in over ? {} : { noOtherPersonPresent: true }),
    caseNumber: '(2026)吉0102民初1234号',
    stage: 'trial',
    receivedAt: '2026-03-03T10:00:00+08:00',
    communicatedAt: '2026-03-03T09:30:00+08:00',
    form: 'telephone',
    interferer: {
      name: '王某',
      unit: '某市某局',
      position: '局长',
      unitType: 'administrative-organ',
      kind: 'leading-cadre',
    },
    content: '来电要求对被执行人的财产解除查封',
    specialItems: ['SR07'],
    ...over,
  };
}

/** A valid body of intake's `POST /v1/materials` (a receiving clerk's receipt of a letter). */
export function materialBody(over: Record<string, unknown> = {}) {
  return {
    caseNumber: '(2026)吉0102民初5号',
    description: 'x',
    sender: { name: 'a', unit: 'b', position: 'c' },
    form: 'letter',
    receivedAt: '2026-03-03T09:00:00+08:00',
    ...over,
  };
}

/** A valid body of intake's `POST /v1/exempt-opinions` (an opinion given on a commission, Art 6). */
export function exemptOpinionBody(over: Record<string, unknown> = {}) {
  return {
    caseNumber: '(2026)吉0102民初1号',
    source: 'party-or-government-organ',
    organisation: 'x',
    commissionReference: 'r',
    concernsStateOrPublicInterest: true,
    content: 'c',
    receivedAt: '2026-03-03T09:00:00+08:00',
    ...over,
  };
}
