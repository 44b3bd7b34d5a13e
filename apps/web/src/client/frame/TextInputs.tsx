import { Form, Input } from 'antd';

/** A form's plain text fields, in order: each a name, its label and, where it helps, an example. */
export function TextInputs({
  fields,
}: {
  fields: readonly { name: string; label: string; placeholder?: string }[];
}) {
  return fields.map((f) => (
    <Form.Item key={f.name} name={f.name} label={f.label}>
      <Input placeholder={f.placeholder} />
    </Form.Item>
  ));
}
