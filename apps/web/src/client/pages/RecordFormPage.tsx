import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Divider,
  Form,
  Input,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import {
  SPECIAL_ITEMS,
  formRequirements,
  specialItem,
  suggestSpecialItems,
  type Form as InterferenceForm,
} from '@jir/rules';
import { ApiProblem } from '../api/problem.js';
import { useSession } from '../auth/session-context.js';
import { Notice } from '../frame/Notice.js';
import { ProblemAlert } from '../frame/ProblemAlert.js';
import { FIELD_NAMES_ZH } from '../labels.js';
import { materialsApi } from '../materials/materials-api.js';
import { useLoad } from '../office/use-load.js';
import {
  FORM_OPTIONS,
  INTERFERER_KIND_OPTIONS,
  STAGE_OPTIONS,
  UNIT_TYPE_OPTIONS,
} from '../records/classification-options.js';
import { valuesFromMaterial } from '../records/material-prefill.js';
import { fieldName, toRecordInput, type RecordFormValues } from '../records/record-form-values.js';
import { StaffPicker } from '../records/StaffPicker.js';

/**
 * 填写信息表 (R-RC-1): every field of the information form. The form follows the manner of
 * interference (oral: place and persons present; network forms: evidence right after saving);
 * special items the system suggests are offered, never applied without the handler (R-SR-2).
 */
export function RecordFormPage() {
  const { api, session } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const materialId = params.get('materials');
  // Untyped: field errors arrive by the service's paths, which antd's typed names cannot express.
  const [form] = Form.useForm();
  const manner = Form.useWatch('form', form) as InterferenceForm | undefined;
  const content = Form.useWatch('content', form) as string | undefined;
  const kind = Form.useWatch(['interferer', 'kind'], form) as string | undefined;
  const chosen = (Form.useWatch('specialItems', form) as string[] | undefined) ?? [];
  const setChosen = (v: string[]) => form.setFieldValue('specialItems', v);
  const [rejected, setRejected] = useState<string[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const need = manner ? formRequirements(manner) : null;
  // Opened from materials delivered to the handler: the form starts from them and names them.
  const materials = useMemo(() => materialsApi(session.token), [session.token]);
  const material = useLoad(
    () => (materialId ? materials.get(materialId) : Promise.resolve(null)),
    [materials, materialId],
  );
  useEffect(() => {
    if (material.value) form.setFieldsValue(valuesFromMaterial(material.value));
    else if (params.get('caseNumber')) form.setFieldValue('caseNumber', params.get('caseNumber'));
  }, [material.value, form, params]);
  const suggestions = suggestSpecialItems(content ?? '').filter(
    (c) => !chosen.includes(c) && !rejected.includes(c),
  );

  const save = async (enter: boolean) => {
    setError(null);
    form.setFields(form.getFieldsError().map((f) => ({ name: f.name, errors: [] })));
    setBusy(true);
    try {
      const r = await api.createRecord(
        toRecordInput(form.getFieldsValue(true) as RecordFormValues, chosen, enter),
      );
      navigate(`/records/${r.id}`, { state: { created: enter ? 'entered' : 'draft' } });
    } catch (e) {
      setError(e);
      if (e instanceof ApiProblem)
        form.setFields([...e.fieldMessages()].map(([path, errors]) => ({ name: fieldName(path), errors })));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title="填写过问案件信息表">
      <Notice
        type="info"
        below={16}
        message="收到过问后两个工作日内录入（第五条）。不属于本表的情形：法院领导、工作人员过问案件按第十六条另行处理；受法院委托或许可提出的参考意见（第六条）存入副卷，不在此填写。"
      />
      {material.value && (
        <Notice
          type="success"
          below={16}
          testId="form-from-materials"
          message={
            <>
              据过问材料填写：{material.value.caseNumber}
              {material.value.filingNumber ? `（备案号 ${material.value.filingNumber}）` : ''}，
              <Link to={`/materials/${material.value.id}`}>查看材料</Link>
            </>
          }
          description="案号、形式、时间、转递人和内容摘要已按材料预填，请核对修改；本信息表将注明所据材料。"
        />
      )}
      <ProblemAlert error={error ?? material.error} />
      <Form form={form} layout="vertical" disabled={busy} data-testid="record-form">
        <Space size="large" wrap>
          <Form.Item name="caseNumber" label={FIELD_NAMES_ZH['caseNumber']} extra="如 (2026)吉0102民初1234号">
            <Input style={{ width: 280 }} />
          </Form.Item>
          <Form.Item name="stage" label={FIELD_NAMES_ZH['stage']}>
            <Select virtual={false} style={{ width: 140 }} options={STAGE_OPTIONS} />
          </Form.Item>
          <Form.Item name="form" label={FIELD_NAMES_ZH['form']}>
            <Select virtual={false} style={{ width: 180 }} options={FORM_OPTIONS} data-testid="form-select" />
          </Form.Item>
          <Form.Item name="communicatedAt" label={FIELD_NAMES_ZH['communicatedAt']}>
            <DatePicker showTime format="YYYY-MM-DD HH:mm" />
          </Form.Item>
          <Form.Item name="receivedAt" label={FIELD_NAMES_ZH['receivedAt']}>
            <DatePicker showTime format="YYYY-MM-DD HH:mm" />
          </Form.Item>
        </Space>
        {need?.evidence && (
          <Notice
            type="warning"
            below={16}
            message="网络方式过问须先上传证据（截屏、音视频或消息导出）才能录入：请先保存草稿，在记录页上传证据后再录入。"
          />
        )}
        <Divider titlePlacement="start">过问人</Divider>
        <Space size="large" wrap>
          <Form.Item name={['interferer', 'name']} label={FIELD_NAMES_ZH['interferer.name']}>
            <Input style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name={['interferer', 'unit']} label={FIELD_NAMES_ZH['interferer.unit']}>
            <Input style={{ width: 240 }} />
          </Form.Item>
          <Form.Item name={['interferer', 'position']} label={FIELD_NAMES_ZH['interferer.position']}>
            <Input style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name={['interferer', 'unitType']} label={FIELD_NAMES_ZH['interferer.unitType']}>
            <Select virtual={false} style={{ width: 200 }} options={UNIT_TYPE_OPTIONS} />
          </Form.Item>
          <Form.Item name={['interferer', 'kind']} label={FIELD_NAMES_ZH['interferer.kind']}>
            <Select virtual={false} style={{ width: 200 }} options={INTERFERER_KIND_OPTIONS} />
          </Form.Item>
          <Form.Item name={['interferer', 'retired']} valuePropName="checked" label="离退休">
            <Checkbox>已离退休</Checkbox>
          </Form.Item>
        </Space>
        {(kind === 'cadre-staff' || kind === 'cadre-relative') && (
          <Space size="large" wrap>
            <Form.Item name={['interferer', 'onBehalfOf', 'name']} label="所关联领导干部姓名">
              <Input style={{ width: 160 }} />
            </Form.Item>
            <Form.Item name={['interferer', 'onBehalfOf', 'unit']} label="其工作单位">
              <Input style={{ width: 240 }} />
            </Form.Item>
            <Form.Item name={['interferer', 'onBehalfOf', 'position']} label="其职务">
              <Input style={{ width: 160 }} />
            </Form.Item>
          </Space>
        )}
        <Form.Item
          name="internalPersonnel"
          valuePropName="checked"
          extra="法院内部人员过问案件的，依照第十六条另行记录，本表不予受理。"
        >
          <Checkbox>过问人是本院领导或工作人员</Checkbox>
        </Form.Item>
        {need?.place && (
          <>
            <Divider titlePlacement="start">口头过问（当面、会议、电话）：场所与在场人员</Divider>
            <Space size="large" wrap align="start">
              <Form.Item
                name="place"
                label={FIELD_NAMES_ZH['place']}
                {...(manner === 'telephone' ? { extra: '电话过问填写接听电话的地点' } : {})}
              >
                <Input style={{ width: 240 }} />
              </Form.Item>
              <Form.Item
                name="staffPresent"
                label="在场的本院工作人员（工号，须本人确认）"
                extra="从本院人员名录中选择"
              >
                <StaffPicker exclude={session.actor.sub} />
              </Form.Item>
              <Form.Item name="othersPresent" label="其他在场人员（姓名）">
                <Select mode="tags" style={{ width: 280 }} tokenSeparators={[',', '，']} open={false} />
              </Form.Item>
              <Form.Item
                name="noOtherPersonPresent"
                valuePropName="checked"
                label=" "
                extra="没有其他人在场的，须明确勾选，不填写在场人员不视为无人在场"
              >
                <Checkbox data-testid="no-other-person-present">无其他人在场</Checkbox>
              </Form.Item>
            </Space>
          </>
        )}
        <Divider titlePlacement="start">过问内容</Divider>
        <Form.Item name="content" label={FIELD_NAMES_ZH['content']}>
          <Input.TextArea rows={5} />
        </Form.Item>
        <Form.Item
          label={FIELD_NAMES_ZH['specialItems']}
          data-testid="special-items"
          style={{ marginBottom: 0 }}
        >
          {suggestions.length > 0 && (
            <Alert
              type="info"
              style={{ marginBottom: 8 }}
              data-testid="special-item-suggestions"
              message="系统根据过问内容提示以下事项，请逐项确认或忽略（不会自动选中）："
              description={suggestions.map((c) => (
                <div key={c} style={{ marginTop: 4 }}>
                  <Tag>{c}</Tag>
                  {specialItem(c)?.zh}
                  <Button size="small" type="link" onClick={() => setChosen([...chosen, c])}>
                    采纳
                  </Button>
                  <Button size="small" type="link" onClick={() => setRejected([...rejected, c])}>
                    忽略
                  </Button>
                </div>
              ))}
            />
          )}
        </Form.Item>
        <Form.Item name="specialItems" initialValue={[]}>
          <Checkbox.Group
            style={{ display: 'flex', flexDirection: 'column', gap: 4 }}
            options={SPECIAL_ITEMS.map((s) => ({ value: s.code, label: `${s.code} ${s.zh}` }))}
          />
        </Form.Item>
        <Space size="large">
          <Form.Item name="severe" valuePropName="checked">
            <Checkbox>情节严重</Checkbox>
          </Form.Item>
          <Form.Item name="involvesPrincipalLeader" valuePropName="checked">
            <Checkbox>涉及本院主要领导</Checkbox>
          </Form.Item>
        </Space>
        <Space>
          <Button onClick={() => void save(false)} loading={busy} data-testid="save-draft">
            保存草稿
          </Button>
          <Button type="primary" onClick={() => void save(true)} loading={busy} data-testid="save-enter">
            保存并录入
          </Button>
          <Typography.Text type="secondary">录入后不能删除，更正须说明理由并保留全部版本。</Typography.Text>
        </Space>
      </Form>
    </Card>
  );
}
