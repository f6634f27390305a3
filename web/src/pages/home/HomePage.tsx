// What each role can do, with quick links to the pages the signed-in user may open.
import { Badge, Button, Card, Col, Descriptions, Flex, Row, Tag, Typography } from 'antd';
import {
  AccountBookOutlined,
  CreditCardOutlined,
  FileDoneOutlined,
  SafetyCertificateOutlined,
  ShopOutlined,
  TagsOutlined,
  WalletOutlined,
  ApartmentOutlined,
  AuditOutlined,
  CalendarOutlined,
  CheckCircleTwoTone,
  ControlOutlined,
  ExperimentOutlined,
  KeyOutlined,
  RightOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { ReactNode } from 'react';
import { useAccess, type RouteAccessKey } from '../../app/access';
import { roleColor } from '../../components/roles';
import { useLabels } from '../../app/reference';
import { useMe } from '../../app/session';
import { ROLES, type Role } from '../../app/types';

const LINKS: { key: Exclude<RouteAccessKey, 'home' | 'resourcesConsole'>; path: string; icon: ReactNode }[] = [
  { key: 'resources', path: '/resources', icon: <ExperimentOutlined /> },
  { key: 'bookings', path: '/bookings', icon: <CalendarOutlined /> },
  { key: 'resourcesManage', path: '/resources/manage', icon: <ControlOutlined /> },
  { key: 'voucherWallet', path: '/vouchers/wallet', icon: <WalletOutlined /> },
  { key: 'providerDesk', path: '/vouchers/provider-desk', icon: <ShopOutlined /> },
  { key: 'voucherPrograms', path: '/vouchers/programs', icon: <TagsOutlined /> },
  { key: 'voucherApplications', path: '/vouchers/applications', icon: <FileDoneOutlined /> },
  { key: 'vouchersIssued', path: '/vouchers/issued', icon: <CreditCardOutlined /> },
  { key: 'voucherProviders', path: '/vouchers/providers', icon: <SafetyCertificateOutlined /> },
  { key: 'voucherSettlements', path: '/vouchers/settlements', icon: <AccountBookOutlined /> },
  { key: 'organizations', path: '/organizations', icon: <ApartmentOutlined /> },
  { key: 'registrations', path: '/organizations/registrations', icon: <ApartmentOutlined /> },
  { key: 'users', path: '/users', icon: <TeamOutlined /> },
  { key: 'audit', path: '/audit', icon: <AuditOutlined /> },
  { key: 'tokens', path: '/tokens', icon: <KeyOutlined /> },
];

function Capabilities(props: { role: Role }) {
  const { t } = useTranslation();
  const can = t(`home.cards.${props.role}.can`, { returnObjects: true }) as unknown as string[];
  return (
    <ul style={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {(Array.isArray(can) ? can : []).map((c) => (
        <li key={c} style={{ display: 'flex', gap: 8, padding: '3px 0', lineHeight: 1.5 }}>
          <CheckCircleTwoTone twoToneColor="#52c41a" style={{ marginTop: 4 }} />
          <span>{c}</span>
        </li>
      ))}
    </ul>
  );
}

export default function HomePage() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const access = useAccess();
  const labels = useLabels();
  if (!me) return null;

  const adminJurisdiction = me.role === 'jurisdiction_admin' && me.jurisdictionCode ? labels.jurisdiction(me.jurisdictionCode) : null;
  const summary = (role: Role) =>
    role === 'jurisdiction_admin' && role === me.role && adminJurisdiction
      ? t('home.cards.jurisdiction_admin.summaryNamed', { jurisdiction: adminJurisdiction })
      : t(`home.cards.${role}.summary`);
  const links = LINKS.filter((l) => access[l.key]);

  return (
    <Flex vertical gap={16} data-testid="home-page">
      <Card variant="borderless" styles={{ body: { padding: 20 } }}>
        <Typography.Title level={4} style={{ marginTop: 0 }} data-testid="home-hello">
          {t('home.hello', { name: me.displayName })}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t('home.intro')}
        </Typography.Paragraph>
      </Card>

      <Row gutter={[16, 16]}>
        <Col xs={24} lg={15}>
          <Card
            title={
              <Flex align="center" gap={8} wrap>
                <span>{t('home.yourRole')}</span>
                <Tag color={roleColor(me.role)}>{labels.role(me.role)}</Tag>
              </Flex>
            }
            style={{ height: '100%', borderTop: '3px solid #1f5fbf' }}
            data-testid={`home-role-card-${me.role}`}
          >
            <Typography.Paragraph strong data-testid="home-role-summary">
              {summary(me.role)}
            </Typography.Paragraph>
            <Capabilities role={me.role} />
            <Typography.Title level={5} style={{ marginTop: 20 }}>
              {t('home.quickLinks')}
            </Typography.Title>
            <Flex wrap gap={8}>
              {links.map((l) => (
                <Link key={l.key} to={l.path} data-testid={`home-link-${l.key}`}>
                  <Button icon={l.icon}>
                    {t(`home.link.${l.key}`)} <RightOutlined style={{ fontSize: 10 }} />
                  </Button>
                </Link>
              ))}
            </Flex>
            <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0, fontSize: 12 }}>
              {t('home.comingSoon')}
            </Typography.Paragraph>
          </Card>
        </Col>
        <Col xs={24} lg={9}>
          <Card title={t('home.profile')} style={{ height: '100%' }} data-testid="home-profile">
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('home.username')}>
                <code>{me.username}</code>
              </Descriptions.Item>
              <Descriptions.Item label={t('home.organization')}>{me.organization.name}</Descriptions.Item>
              <Descriptions.Item label={t('home.orgJurisdiction')}>{labels.jurisdiction(me.organization.jurisdictionCode)}</Descriptions.Item>
              {adminJurisdiction ? (
                <Descriptions.Item label={t('home.administers')}>
                  <span data-testid="home-administers">{adminJurisdiction}</span>
                  {me.departmentId ? <Typography.Text type="secondary"> · {labels.department(me.departmentId)}</Typography.Text> : null}
                </Descriptions.Item>
              ) : null}
            </Descriptions>
          </Card>
        </Col>
      </Row>

      <div>
        <Typography.Title level={5} style={{ marginBottom: 2 }}>
          {t('home.allRoles')}
        </Typography.Title>
        <Typography.Text type="secondary" style={{ fontSize: 13 }}>
          {t('home.allRolesHint')}
        </Typography.Text>
      </div>
      <Row gutter={[16, 16]} data-testid="home-roles">
        {ROLES.map((role) => {
          const mine = role === me.role;
          const card = (
            <Card
              size="small"
              title={<Tag color={roleColor(role)}>{t(`home.cards.${role}.title`)}</Tag>}
              style={{ height: '100%', borderColor: mine ? '#1f5fbf' : undefined }}
              data-testid={`home-role-${role}`}
            >
              <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
                {summary(role)}
              </Typography.Paragraph>
              <div style={{ fontSize: 13 }}>
                <Capabilities role={role} />
              </div>
            </Card>
          );
          return (
            <Col key={role} xs={24} sm={12} xl={8}>
              {mine ? (
                <Badge.Ribbon text={t('home.you')} color="#1f5fbf">
                  {card}
                </Badge.Ribbon>
              ) : (
                card
              )}
            </Col>
          );
        })}
      </Row>
    </Flex>
  );
}
