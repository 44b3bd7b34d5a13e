import { FORMS } from '@jir/rules';
import { COURT_ZONE, dayjs } from '../time.js';
import type { RecordFormValues } from './record-form-values.js';
import type { Material } from '../api/types.js';

/**
 * The information form's first values from materials delivered to the handler (Art 7): the case,
 * the manner, when the court received them (communicated) and when they reached the handler
 * (received, from which intake and the deadline monitor count the periods), the sender as the
 * interferer to check, and the summary as the content. Every value stays editable: the handler
 * records what happened, the materials only start the form.
 */
export function valuesFromMaterial(m: Material): RecordFormValues {
  const form = (FORMS as readonly string[]).includes(m.form)
    ? (m.form as RecordFormValues['form'])
    : undefined;
  const at = (iso: string | null) => (iso ? dayjs(iso).tz(COURT_ZONE) : undefined);
  return {
    caseNumber: m.caseNumber,
    ...(form ? { form } : {}),
    communicatedAt: at(m.receivedAt),
    receivedAt: at(m.deliveredAt ?? m.receivedAt),
    interferer: { name: m.sender.name, unit: m.sender.unit, position: m.sender.position },
    content: m.description,
    materialId: m.id,
  };
}
