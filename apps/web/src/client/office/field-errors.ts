import type { FormInstance } from 'antd';
import { ApiProblem } from '../api/problem.js';

/**
 * Puts a refusal's field messages (Chinese) beside the fields they name; answers whether any
 * landed, so the page shows the overall message only when it would otherwise be lost.
 */
export function showFieldErrors(form: FormInstance, e: unknown): boolean {
  form.setFields(form.getFieldsError().map((f) => ({ name: f.name, errors: [] })));
  if (!(e instanceof ApiProblem)) return false;
  const fields = [...e.fieldMessages()].map(([path, errors]) => ({ name: path.split('.'), errors }));
  form.setFields(fields);
  return fields.length > 0;
}
