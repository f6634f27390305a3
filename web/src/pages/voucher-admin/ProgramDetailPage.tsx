// One programme: its rules, the budget (total / committed / available / redeemed / lapsed),
// top-up and close, and below it the programme's applications and the vouchers it has issued.
import { useEffect, useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Result,
  Row,
  Skeleton,
  Statistic,
  Tabs,
  Typography,
} from 'antd';
import { ArrowLeftOutlined, PlusCircleOutlined, StopOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../app/api';
import { useAccess } from '../../app/access';
import { useIsPhone } from '../../app/layout/useIsPhone';
import { useLabels } from '../../app/reference';
import { formatFen, yuanToFen } from '../../app/money';
import { formatDate } from '../../app/time';
import { PageHeader } from '../../components/PageHeader';
import { useFeedback } from '../../components/feedback';
import { CategoryTags, formatShare, JurisdictionTags, VStatusTag } from '../../components/vouchers/tags';
import { programsApi, type Program } from '../../api/vouchers';
import { ApplicationsPanel } from './ApplicationsPage';
import { IssuedPanel } from './IssuedVouchersPage';

export default function ProgramDetailPage() {
  const { t } = useTranslation();
  const { id: idParam } = useParams();
  const id = Number(idParam);
  const labels = useLabels();
  const access = useAccess();
  const fb = useFeedback();
  const qc = useQueryClient();
  const isPhone = useIsPhone();
  const [topUpOpen, setTopUpOpen] = useState(false);
  const program = useQuery({ queryKey: ['voucher-program', id], queryFn: ({ signal }) => programsApi.get(id, signal), enabled: id > 0 });
  const close = useMutation({
    mutationFn: () => programsApi.close(id),
    onSuccess: (p) => {
      qc.setQueryData(['voucher-program', id], p);
      void qc.invalidateQueries({ queryKey: ['voucher-programs'] });
      fb.success(t('programs.closed'));
    },
    onError: (err) => fb.error(err),
  });

  if (program.isError) {
    const e = program.error;
    return (
      <Result
        status={e instanceof ApiError && e.status === 404 ? '404' : 'error'}
        title={e instanceof ApiError ? e.problem.title : t('error.generic')}
        subTitle={e instanceof ApiError ? e.problem.detail : undefined}
        extra={<Link to="/vouchers/programs">{t('programs.back')}</Link>}
      />
    );
  }
  const p = program.data;
  if (!p) return <Skeleton active />;
  const manages = access.canAdministerVouchers(p.jurisdictionCode);
  const b = p.budget;
  const stat = (key: string, title: string, fen: number, color?: string) => (
    <Col xs={12} sm={8} xl={4} key={key} flex={isPhone ? undefined : 1}>
      <Card size="small" style={{ height: '100%' }}>
        <Statistic title={title} value={formatFen(fen)} styles={{ content: { fontSize: isPhone ? 16 : 20, color } }} data-testid={`program-budget-${key}`} />
      </Card>
    </Col>
  );

  return (
    <div data-testid="program-page" data-program-id={p.id}>
      <Link to="/vouchers/programs" style={{ display: 'inline-block', marginBottom: 8 }} data-testid="program-back">
        <ArrowLeftOutlined /> {t('programs.back')}
      </Link>
      <PageHeader
        title={
          <Flex gap={8} align="center" wrap>
            <span data-testid="program-name">{p.name}</span>
            <VStatusTag status={p.status} label={labels.programStatus(p.status)} testId="program-status" />
          </Flex>
        }
        subtitle={labels.jurisdiction(p.jurisdictionCode)}
        extra={
          manages && p.status === 'active' ? (
            <>
              <Button type="primary" icon={<PlusCircleOutlined />} onClick={() => setTopUpOpen(true)} data-testid="program-topup">
                {t('programs.topUp')}
              </Button>
              <Popconfirm
                title={t('programs.closeConfirm')}
                description={t('programs.closeHint')}
                okText={t('programs.close')}
                cancelText={t('common.cancel')}
                okButtonProps={{ danger: true, 'data-testid': 'program-close-confirm' }}
                onConfirm={() => close.mutateAsync().catch(() => undefined)}
              >
                <Button danger icon={<StopOutlined />} data-testid="program-close">
                  {t('programs.close')}
                </Button>
              </Popconfirm>
            </>
          ) : null
        }
      />
      <Row gutter={[12, 12]} style={{ marginBottom: 16 }} data-testid="program-budget">
        {stat('total', t('programs.budgetTotal'), b.totalFen)}
        {stat('committed', t('programs.budgetCommitted'), b.committedFen)}
        {stat('available', t('programs.budgetAvailable'), b.availableFen, '#1f5fbf')}
        {stat('redeemed', t('programs.budgetRedeemed'), b.redeemedFen, '#237804')}
        {stat('lapsed', t('programs.budgetLapsed'), b.lapsedFen, '#595959')}
      </Row>
      <Card title={t('programs.rules')} style={{ marginBottom: 16 }} size="small">
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }} data-testid="program-rules">
          <Descriptions.Item label={t('programs.issueWindow')}>
            {formatDate(p.issueFrom)} – {formatDate(p.issueUntil)}
          </Descriptions.Item>
          <Descriptions.Item label={t('programs.expiresAt')}>{formatDate(p.expiresAt)}</Descriptions.Item>
          <Descriptions.Item label={t('programs.share')}>
            <span data-testid="program-share">{formatShare(p.shareBp)}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('programs.capEnterprise')}>{formatFen(p.capEnterpriseYearFen)}</Descriptions.Item>
          <Descriptions.Item label={t('programs.teamsEligible')}>
            {p.teamsEligible ? `${t('common.yes')} · ${t('programs.capTeam')} ${formatFen(p.capTeamFen)}` : t('common.no')}
          </Descriptions.Item>
          <Descriptions.Item label={t('programs.eligibleTiers')}>
            {p.eligibleTiers.map((x) => labels.tier(x)).join(t('common.listSep')) || '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('programs.redeemJurisdictions')}>
            <JurisdictionTags codes={p.redeemJurisdictions} />
          </Descriptions.Item>
          <Descriptions.Item label={t('programs.applicantJurisdictions')}>
            <JurisdictionTags codes={p.applicantJurisdictions} />
          </Descriptions.Item>
          <Descriptions.Item label={t('programs.eligibleCategories')} span={2}>
            <CategoryTags codes={p.eligibleCategories} />
          </Descriptions.Item>
          {p.description ? (
            <Descriptions.Item label={t('programs.description')} span={3}>
              <Typography.Text>{p.description}</Typography.Text>
            </Descriptions.Item>
          ) : null}
        </Descriptions>
      </Card>
      <Card styles={{ body: { paddingTop: 4 } }}>
        <Tabs
          items={[
            {
              key: 'applications',
              label: <span data-testid="program-tab-applications">{t('menu.voucherApplications')}</span>,
              children: <ApplicationsPanel programId={p.id} />,
            },
            { key: 'vouchers', label: <span data-testid="program-tab-vouchers">{t('menu.vouchersIssued')}</span>, children: <IssuedPanel programId={p.id} /> },
          ]}
        />
      </Card>
      <TopUpModal
        program={topUpOpen ? p : null}
        onClose={() => setTopUpOpen(false)}
        onDone={(np) => {
          setTopUpOpen(false);
          qc.setQueryData(['voucher-program', id], np);
          void qc.invalidateQueries({ queryKey: ['voucher-program', id] });
          void qc.invalidateQueries({ queryKey: ['voucher-programs'] });
        }}
      />
    </div>
  );
}

function TopUpModal(props: { program: Program | null; onClose: () => void; onDone: (p: Program) => void }) {
  const { t } = useTranslation();
  const fb = useFeedback();
  const [form] = Form.useForm<{ amount: number; note?: string }>();
  useEffect(() => {
    if (props.program) form.resetFields();
  }, [props.program, form]);
  const mutation = useMutation({
    mutationFn: (v: { amount: number; note?: string }) => programsApi.topUp(props.program!.id, yuanToFen(v.amount) ?? 0, v.note?.trim() || undefined),
    onSuccess: (p) => {
      fb.success(t('programs.toppedUp'));
      props.onDone(p);
    },
  });
  const err = mutation.error instanceof ApiError ? mutation.error.problem : null;
  return (
    <Modal
      open={!!props.program}
      title={t('programs.topUpTitle')}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okText={t('programs.topUp')}
      cancelText={t('common.cancel')}
      confirmLoading={mutation.isPending}
      okButtonProps={{ 'data-testid': 'topup-submit' }}
      afterClose={() => mutation.reset()}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={(v) => mutation.mutate(v)} style={{ marginTop: 12 }}>
        <Form.Item name="amount" label={t('programs.topUpYuan')} rules={[{ required: true, message: t('programs.amountRequired') }]}>
          <InputNumber min={0.01} precision={2} prefix="¥" style={{ width: '100%' }} data-testid="topup-amount" />
        </Form.Item>
        <Form.Item name="note" label={t('applications.note')}>
          <Input maxLength={500} data-testid="topup-note" />
        </Form.Item>
      </Form>
      {err ? <Alert type="error" showIcon title={err.title} description={err.detail} /> : null}
    </Modal>
  );
}
