import type { ReportSnapshot } from '../reports/report-builder.js';

const WITHHELD = {
  zh: '依照规定，涉及本级党委或政法委主要领导的过问案件记录，不随本报告报送该委员会；相关记录已报送上一级政法委和上一级法院。',
  en: 'Records involving a principal leader of this committee are not sent to it with this report (R-RP-2); they went to the committee and the court one level up.',
};

/**
 * The copy of a quarterly report for the committee whose own principal leader
 * some records involve (R-RP-2): those records are left out of the special
 * items, the interferers those records name are left out of the recurring
 * identities (their names are the content), the copy says how many records
 * and why, and it no longer lists which ones. Counts stay as they are: they
 * reveal no record's content.
 */
export function committeeCopy(snapshot: ReportSnapshot, committee: string) {
  const { principalLeaderContent, ...rest } = snapshot;
  const left = new Set(principalLeaderContent?.recordIds ?? []);
  const named = new Set(principalLeaderContent?.identityIds ?? []);
  return {
    ...rest,
    copyFor: committee,
    specialItems: rest.specialItems
      .map((s) => ({ ...s, records: s.records.filter((r) => !left.has(r.recordId)) }))
      .filter((s) => s.records.length > 0),
    identities: rest.identities.filter((i) => !named.has(i.identityId)),
    contentWithheld: { records: left.size, ...WITHHELD },
  };
}

/** A severe record's escalation as its principal leader's own committee receives it: that it happened, no content. */
export function escalationWithoutContent<T extends { interferer: unknown; specialItems: unknown }>(
  document: T,
  committee: string,
) {
  const { interferer: _interferer, specialItems: _items, ...rest } = document;
  return { ...rest, copyFor: committee, contentWithheld: WITHHELD };
}
