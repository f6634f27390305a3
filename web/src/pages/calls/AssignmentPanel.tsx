// Reviewer assignment for the department: run the optimal assignment (k reviewers per
// application, at most / at least so many per expert, "total" maximises the summed affinity,
// "fair" raises the worst-served application first) and read its figures — total affinity, the
// per-application minimum and mean, the spread of expert loads (with a bar chart), applications
// left short with the reason, conflicts of interest excluded — and who reviews what. A reviewer
// added by hand is held to the same conflict rules: a refusal names the conflict.
import { useMemo, useState } from 'react';
import { Alert, Button, Card, Col, Empty, Flex, Form, InputNumber, Radio, Row, Select, Statistic, Table, Tag, Typography } from 'antd';
import { ThunderboltOutlined, UserAddOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useIsPhone } from '../../app/layout/useIsPhone';
import { useLabels } from '../../app/reference';
import { EChart, type BarChartOption } from '../../components/EChart';
import { useFeedback } from '../../components/feedback';
import { ProblemAlert } from '../../components/IntegrityRecordAlert';
import { optionTestIds, rowTestId } from '../../components/testids';
import { callsApi, expertsApi, type AssignmentInput, type AssignmentReport, type CallDetail } from '../../api/calls';
import { RStatusTag, fmtNum, useResearchLabels } from '../../components/research/tags';
import { byName } from '../../app/collate';

const shortName = (name: string) => name.split(/[（(]/)[0] || name;

export function AssignmentPanel(props: { call: CallDetail }) {
  const c = props.call;
  const { t } = useTranslation();
  const labels = useLabels();
  const rl = useResearchLabels();
  const fb = useFeedback();
  const qc = useQueryClient();
  const isPhone = useIsPhone();
  const [form] = Form.useForm<AssignmentInput>();
  const [lastRun, setLastRun] = useState<AssignmentReport | null>(null);
  const [manual, setManual] = useState<{ applicationId?: number; expertUserId?: number }>({});
  const report = useQuery({ queryKey: ['call-assignment', c.id], queryFn: ({ signal }) => callsApi.assignment(c.id, signal) });
  const experts = useQuery({
    queryKey: ['experts', 'all'],
    queryFn: ({ signal }) => expertsApi.list({ page: 1, pageSize: 100, sort: 'name' }, signal),
    staleTime: 60_000,
  });
  const inReview = c.status === 'review';

  const run = useMutation({
    mutationFn: (v: AssignmentInput) => callsApi.assign(c.id, v),
    onSuccess: (r) => {
      setLastRun(r);
      qc.setQueryData(['call-assignment', c.id], r);
      fb.success(t('calls.assign.done', { pairs: r.applications.reduce((s, a) => s + a.reviewers.length, 0) }));
    },
  });
  const addManual = useMutation({
    mutationFn: () => callsApi.assignManually(c.id, manual.applicationId!, manual.expertUserId!),
    onSuccess: (r) => {
      qc.setQueryData(['call-assignment', c.id], r);
      setLastRun((l) => (l ? { ...r, excludedByConflict: l.excludedByConflict } : null));
      fb.success(t('calls.assign.manualDone'));
      setManual({});
    },
  });

  const r = report.data;
  const excluded = lastRun?.excludedByConflict ?? r?.excludedByConflict ?? null;
  const loads = useMemo(() => {
    const m = new Map<number, { name: string; jurisdictionCode: string; n: number }>();
    for (const a of r?.applications ?? [])
      for (const x of a.reviewers) {
        if (x.status === 'conflict') continue;
        const cur = m.get(x.expertUserId) ?? { name: x.name, jurisdictionCode: x.jurisdictionCode, n: 0 };
        cur.n += 1;
        m.set(x.expertUserId, cur);
      }
    return [...m.entries()].map(([id, v]) => ({ id, ...v })).sort((a, b) => b.n - a.n || byName(a.name, b.name));
  }, [r]);
  const chart: BarChartOption = useMemo(
    () => ({
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis' },
      xAxis: {
        type: 'category',
        data: loads.map((l) => `${shortName(l.name)}\n${labels.jurisdictionShort(l.jurisdictionCode)}`),
        axisLabel: { interval: 0, fontSize: 11 },
      },
      yAxis: { type: 'value', minInterval: 1, name: t('calls.assign.loadAxis') },
      series: [{ type: 'bar', data: loads.map((l) => l.n), barMaxWidth: 36, itemStyle: { color: '#1f5fbf' }, label: { show: true, position: 'top' } }],
    }),
    [loads, labels, t],
  );
  const hasPairs = (r?.applications ?? []).some((a) => a.reviewers.length > 0);
  const stat = (key: string, title: string, value: string) => (
    <Col xs={12} sm={8} lg={4} key={key}>
      <Card size="small" style={{ height: '100%' }}>
        <div data-testid={`assign-${key}`} data-value={value}>
          <Statistic title={title} value={value} styles={{ content: { fontSize: isPhone ? 16 : 20 } }} />
        </div>
      </Card>
    </Col>
  );

  return (
    <Flex vertical gap={16} data-testid="assignment-panel">
      {inReview ? (
        <Card size="small" title={t('calls.assign.runTitle')}>
          <Form<AssignmentInput>
            form={form}
            layout={isPhone ? 'vertical' : 'inline'}
            initialValues={{ k: c.reviewersPerApplication, maxPerExpert: c.maxPerExpert, mode: 'total' }}
            onFinish={(v) =>
              run.mutate({ mode: v.mode, k: v.k ?? undefined, maxPerExpert: v.maxPerExpert ?? undefined, minPerExpert: v.minPerExpert ?? undefined })
            }
            style={{ rowGap: 8 }}
          >
            <Form.Item name="k" label={t('calls.assign.k')} rules={[{ required: true }]}>
              <InputNumber min={1} max={15} precision={0} style={{ width: 90 }} data-testid="assign-k-input" />
            </Form.Item>
            <Form.Item name="maxPerExpert" label={t('calls.assign.max')}>
              <InputNumber min={1} max={100} precision={0} style={{ width: 90 }} data-testid="assign-max-input" />
            </Form.Item>
            <Form.Item name="minPerExpert" label={t('calls.assign.min')}>
              <InputNumber min={0} max={100} precision={0} style={{ width: 90 }} data-testid="assign-min-input" />
            </Form.Item>
            <Form.Item name="mode" label={t('calls.assign.mode')}>
              <Radio.Group
                optionType="button"
                options={[
                  { value: 'total', label: <span data-testid="assign-mode-total">{t('calls.assign.modeTotal')}</span> },
                  { value: 'fair', label: <span data-testid="assign-mode-fair">{t('calls.assign.modeFair')}</span> },
                ]}
              />
            </Form.Item>
            <Form.Item>
              <Button type="primary" htmlType="submit" icon={<ThunderboltOutlined />} loading={run.isPending} data-testid="assign-run">
                {hasPairs ? t('calls.assign.rerun') : t('calls.assign.run')}
              </Button>
            </Form.Item>
          </Form>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0 0' }}>
            {t('calls.assign.hint')}
          </Typography.Paragraph>
          {run.error ? <ProblemAlert error={run.error} testId="assign-error" /> : null}
        </Card>
      ) : (
        <Alert type="info" showIcon title={t('calls.assign.closed')} />
      )}
      {!r ? null : !hasPairs ? (
        inReview ? (
          <Empty description={t('calls.assign.none')} data-testid="assign-empty" />
        ) : (
          <Empty description={t('calls.assign.gone')} data-testid="assign-gone" />
        )
      ) : (
        <>
          <Row gutter={[12, 12]} data-testid="assign-figures">
            {stat('total-affinity', t('calls.assign.totalAffinity'), fmtNum(r.totalAffinity, 4))}
            {stat('min-affinity', t('calls.assign.minAffinity'), fmtNum(r.minApplicationAffinity, 4))}
            {stat('mean-affinity', t('calls.assign.meanAffinity'), fmtNum(r.meanApplicationAffinity, 4))}
            {stat('experts', t('calls.assign.experts'), String(r.load.experts))}
            {stat('load', t('calls.assign.loadRange'), `${r.load.min}–${r.load.max}`)}
            {stat('load-spread', t('calls.assign.loadSpread'), `${fmtNum(r.load.mean)} ± ${fmtNum(r.load.stddev)}`)}
          </Row>
          <Row gutter={[16, 16]}>
            <Col xs={24} lg={12}>
              <Card size="small" title={t('calls.assign.coverage', { k: r.k })} style={{ height: '100%' }} data-testid="assign-uncovered">
                {r.uncovered.length === 0 ? (
                  <Alert type="success" showIcon title={t('calls.assign.allCovered', { k: r.k })} data-testid="assign-all-covered" />
                ) : (
                  <Flex vertical gap={6}>
                    {r.uncovered.map((u) => (
                      <Alert
                        key={u.applicationId}
                        type="warning"
                        showIcon
                        data-testid={`assign-uncovered-${u.applicationId}`}
                        title={t('calls.assign.short', { title: u.title, assigned: u.assigned, k: r.k })}
                        description={rl.uncovered(u.reason)}
                      />
                    ))}
                  </Flex>
                )}
                <Typography.Title level={5} style={{ marginTop: 16 }}>
                  {t('calls.assign.excluded')}
                </Typography.Title>
                <div data-testid="assign-excluded">
                  {excluded == null ? (
                    <Typography.Text type="secondary">{t('calls.assign.excludedUnknown')}</Typography.Text>
                  ) : Object.keys(excluded).length === 0 ? (
                    <Typography.Text type="secondary">{t('calls.assign.excludedNone')}</Typography.Text>
                  ) : (
                    <Flex wrap gap={6}>
                      {Object.entries(excluded).map(([reason, n]) => (
                        <Tag key={reason} color="red" style={{ marginInlineEnd: 0 }} data-testid={`assign-excluded-${reason}`}>
                          {rl.conflict(reason)}: {n}
                        </Tag>
                      ))}
                    </Flex>
                  )}
                </div>
              </Card>
            </Col>
            <Col xs={24} lg={12}>
              <Card size="small" title={t('calls.assign.loadChart')} style={{ height: '100%' }}>
                <EChart option={chart} height={240} testId="assign-chart" ariaLabel={t('calls.assign.loadChart')} />
              </Card>
            </Col>
          </Row>
          <Card size="small" title={t('calls.assign.pairs')}>
            <Table
              rowKey="applicationId"
              size="small"
              pagination={{ pageSize: 10, size: 'small', hideOnSinglePage: true }}
              dataSource={r.applications}
              onRow={(a) => rowTestId('assign-app', a.applicationId)}
              scroll={{ x: isPhone ? undefined : 700 }}
              columns={[
                {
                  key: 'title',
                  title: t('calls.apply.name'),
                  width: isPhone ? undefined : 240,
                  sorter: (a, b) => byName(a.title, b.title),
                  render: (_: unknown, a) => (
                    <Flex vertical gap={4}>
                      <span style={{ whiteSpace: 'normal', fontWeight: isPhone ? 600 : undefined }}>{a.title}</span>
                      {isPhone
                        ? a.reviewers.map((x) => (
                            <Flex
                              key={x.expertUserId}
                              gap={4}
                              wrap
                              align="center"
                              data-testid={`assign-reviewer-${a.applicationId}-${x.expertUserId}`}
                              data-expert-name={x.name}
                            >
                              <Typography.Text style={{ fontSize: 13 }}>{shortName(x.name)}</Typography.Text>
                              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                                {labels.jurisdictionShort(x.jurisdictionCode)} · {fmtNum(x.affinity)}
                              </Typography.Text>
                              <RStatusTag status={x.status} label={rl.reviewStatus(x.status)} />
                            </Flex>
                          ))
                        : null}
                    </Flex>
                  ),
                },
                {
                  key: 'reviewers',
                  responsive: ['sm'],
                  title: t('calls.assign.reviewers'),
                  render: (_: unknown, a) => (
                    <Flex vertical gap={4}>
                      {a.reviewers.map((x) => (
                        <Flex
                          key={x.expertUserId}
                          gap={6}
                          wrap
                          align="center"
                          data-testid={`assign-reviewer-${a.applicationId}-${x.expertUserId}`}
                          data-expert-name={x.name}
                        >
                          <Typography.Text>{x.name}</Typography.Text>
                          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                            {labels.jurisdictionShort(x.jurisdictionCode)} · {t('calls.assign.affinityOf', { a: fmtNum(x.affinity) })}
                          </Typography.Text>
                          <RStatusTag status={x.status} label={rl.reviewStatus(x.status)} />
                        </Flex>
                      ))}
                    </Flex>
                  ),
                },
                {
                  key: 'affinity',
                  title: t('calls.assign.affinity'),
                  align: 'right',
                  width: 90,
                  sorter: (a, b) => a.affinity - b.affinity,
                  render: (_: unknown, a) => <span data-testid={`assign-app-affinity-${a.applicationId}`}>{fmtNum(a.affinity)}</span>,
                },
              ]}
            />
          </Card>
        </>
      )}
      {inReview && r && r.applications.length ? (
        <Card size="small" title={t('calls.assign.manualTitle')} data-testid="assign-manual">
          <Flex wrap gap={8} align="center">
            <Select
              aria-label={t('calls.assign.manualApp')}
              placeholder={t('calls.assign.manualApp')}
              value={manual.applicationId}
              onChange={(v) => setManual((m) => ({ ...m, applicationId: v }))}
              options={r.applications.map((a) => ({ value: a.applicationId, label: a.title }))}
              optionRender={optionTestIds('manual-app-opt')}
              style={{ width: isPhone ? '100%' : 240 }}
              data-testid="manual-app"
            />
            <Select
              aria-label={t('calls.assign.manualExpert')}
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={t('calls.assign.manualExpert')}
              value={manual.expertUserId}
              onChange={(v) => setManual((m) => ({ ...m, expertUserId: v }))}
              options={(experts.data?.items ?? []).map((e) => ({ value: e.userId, label: `${e.name} · ${labels.jurisdictionShort(e.jurisdictionCode)}` }))}
              optionRender={optionTestIds('manual-expert-opt')}
              style={{ width: isPhone ? '100%' : 300 }}
              popupMatchSelectWidth={false}
              data-testid="manual-expert"
            />
            <Button
              icon={<UserAddOutlined />}
              disabled={!manual.applicationId || !manual.expertUserId}
              loading={addManual.isPending}
              onClick={() => addManual.mutate()}
              data-testid="manual-submit"
            >
              {t('calls.assign.manualAdd')}
            </Button>
          </Flex>
          {addManual.error ? (
            <div style={{ marginTop: 12 }}>
              <ProblemAlert error={addManual.error} testId="manual-error" />
            </div>
          ) : null}
        </Card>
      ) : null}
    </Flex>
  );
}
