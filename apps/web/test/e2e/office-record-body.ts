/**
 * The body of the telephone record the office's browser tests make through the API, where the
 * browser is not what the test is about: 刘某 of 某区某局 calls `caseNumber`'s handler, received
 * and spoken at `receivedAt`. The office pages, and the manual's pictures of them, show this
 * caller, so both office test files make the same one.
 */
export function officeTelephoneRecordBody(
  caseNumber: string,
  receivedAt: string,
  over: Record<string, unknown> = {},
) {
  return {
    caseNumber,
    stage: 'trial',
    receivedAt,
    communicatedAt: receivedAt,
    form: 'telephone',
    // A call is spoken (R-RC-3): where it was taken, and that nobody else was there.
    place: '办公室（接听电话）',
    noOtherPersonPresent: true,
    interferer: {
      name: '刘某',
      unit: '某区某局',
      position: '副局长',
      unitType: 'administrative-organ',
      kind: 'leading-cadre',
    },
    content: '电话询问案件进展并要求从轻处理',
    specialItems: [],
    ...over,
  };
}
