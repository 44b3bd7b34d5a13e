import { describe, expect, it } from 'vitest';
import { viewersOf } from '../../src/client/records/view-log.js';

const view = (viewer: string, at: string, address = '10.0.0.1', court = 'JL-CC-NG') => ({
  viewer,
  court,
  roles: ['case-handler'],
  at,
  address,
});

describe('the record page’s view log', () => {
  it('R-AC-3, R-BX-5: each reader once, with every read counted, first and last time and each address; latest reader first', () => {
    const s = viewersOf([
      view('judge-a', '2026-03-03T01:00:00Z'),
      view('head-1', '2026-03-03T02:00:00Z'),
      view('judge-a', '2026-03-03T03:00:00Z', '10.0.0.2'),
      view('judge-a', '2026-03-03T00:30:00Z'),
      // The same id in another court is another person.
      view('judge-a', '2026-03-03T01:30:00Z', '10.9.0.1', 'JL-CC-KC'),
    ]);
    expect(s.map((v) => [v.viewer, v.court, v.count])).toEqual([
      ['judge-a', 'JL-CC-NG', 3],
      ['head-1', 'JL-CC-NG', 1],
      ['judge-a', 'JL-CC-KC', 1],
    ]);
    expect(s[0]).toMatchObject({
      first: '2026-03-03T00:30:00Z',
      last: '2026-03-03T03:00:00Z',
      addresses: ['10.0.0.1', '10.0.0.2'],
    });
    expect(viewersOf([])).toEqual([]);
  });
});
