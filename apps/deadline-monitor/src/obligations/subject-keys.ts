// The natural key of each duty: one obligation per key, so a repeated or reordered event finds
// the obligation it means, and a fulfilment that comes first waits under the same key.

/** The entry or copy duty of a record that reached its handler directly. */
export const recordDuty = (kind: 'entry' | 'copy', recordId: string) => `${kind}:record:${recordId}`;
/** The entry or copy duty of materials passed along the chain to a handler (R-DL-1). */
export const materialDuty = (kind: 'entry' | 'copy', materialId: string) => `${kind}:material:${materialId}`;
/** A severe record's escalation to one level (R-DL-4). */
export const escalationDuty = (recordId: string, level: string) => `severe-escalation:${recordId}:${level}`;
/** A court's quarterly report to one recipient (R-DL-2). */
export const reportDuty = (
  kind: 'quarterly-report' | 'committee-report',
  court: string,
  quarter: string,
  recipient: string,
) => `${kind}:${court}:${quarter}:${recipient}`;
