import { describe, expect, it } from 'vitest';
import { DEFAULT_COURTS, complaintEscalation, complaintRoute, courtsOfTheCity } from '../src/index.js';

describe('complaints go up level by level; violations count across the city (Art 11, Art 12)', () => {
  it('R-AB-2: from a basic court a complaint goes to the intermediate court, then one level at a time to the SPC', () => {
    const first = complaintRoute('JL-CC-NG');
    expect(first.receivingCourt).toBe('JL-CC');
    const chain: string[] = [first.receivingCourt];
    for (let next = complaintEscalation(first.receivingCourt); next; next = complaintEscalation(next.court))
      chain.push(next.court);
    const expected = DEFAULT_COURTS.ancestors('JL-CC-NG').map((c) => c.code);
    expect(chain).toEqual(expected);
    expect(chain.at(-1)).toBe(DEFAULT_COURTS.ancestors('JL-CC').at(-1)!.code);
    expect(complaintEscalation(chain.at(-1)!)).toBeNull();
    expect(complaintEscalation('JL-CC')!.committee).toBe(
      DEFAULT_COURTS.ancestors('JL-CC')[0]!.committee.code,
    );
  });

  it('R-AB-1: the courts of the city are the intermediate court and every court under it, whichever of them asks', () => {
    const city = courtsOfTheCity('JL-CC-NG');
    expect(city).toContain('JL-CC');
    expect(city).toContain('JL-CC-KC');
    expect(city).toEqual(courtsOfTheCity('JL-CC'));
    expect(city).not.toContain(DEFAULT_COURTS.ancestors('JL-CC')[0]!.code);
    const high = DEFAULT_COURTS.ancestors('JL-CC')[0]!.code;
    expect(courtsOfTheCity(high)).toEqual([high]);
  });
});
