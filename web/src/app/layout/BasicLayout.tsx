// The signed-in frame: side menu by role (a drawer behind a hamburger on phones), header with
// the user, their role and organisation, the language switch and sign-out.
import { useState, type ReactNode } from 'react';
import { Avatar, Button, Drawer, Flex, Layout, Menu, Tag, Tooltip, Typography, Grid, App as AntApp } from 'antd';
import type { MenuProps } from 'antd';
import { LockOutlined, LogoutOutlined, MenuOutlined, UserOutlined } from '@ant-design/icons';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useAccess } from '../access';
import { useLabels } from '../reference';
import { menuRoutes, routeForPath } from '../routes';
import { useMe, useSignOut } from '../session';
import { useIsPhone } from './useIsPhone';
import { LangSwitch } from './LangSwitch';

// Pages that imported the switch from here keep working; new code imports './LangSwitch'.
export { LangSwitch };
import { ChangePasswordModal } from '../../components/ChangePasswordModal';
import { roleColor } from '../../components/roles';
import { NotificationBell } from '../../components/NotificationBell';
import { QueueBadge } from '../../components/QueueBadge';

const { Header, Sider, Content, Footer } = Layout;

function Brand(props: { collapsed?: boolean; dark?: boolean }) {
  const { t } = useTranslation();
  return (
    <Flex align="center" gap={10} style={{ minWidth: 0 }}>
      <img src="/favicon.svg" alt="" width={28} height={28} style={{ flex: 'none', borderRadius: 6 }} />
      {props.collapsed ? null : (
        <Typography.Text strong ellipsis style={{ color: props.dark ? '#fff' : undefined, fontSize: 15, lineHeight: 1.2 }} data-testid="brand">
          {t('app.shortName')}
        </Typography.Text>
      )}
    </Flex>
  );
}

function useMenuItems(onNavigate?: () => void): MenuProps['items'] {
  const access = useAccess();
  const { t } = useTranslation();
  type Item = NonNullable<MenuProps['items']>[number];
  const items: Item[] = [];
  const groups = new Map<string, Item[]>();
  for (const r of menuRoutes) {
    if (!access[r.menuAccess ?? r.access]) continue;
    const item: Item = {
      key: r.key,
      icon: r.icon,
      label: (
        <Link to={r.path} data-testid={`menu-${r.key}`} onClick={onNavigate}>
          {t(`menu.${r.key}`)}
          {r.key === 'queue' ? <QueueBadge /> : null}
        </Link>
      ),
    };
    if (!r.group) {
      items.push(item);
      continue;
    }
    let children = groups.get(r.group);
    if (!children) {
      children = [];
      groups.set(r.group, children);
      items.push({ key: `group-${r.group}`, type: 'group', label: <span data-testid={`menu-group-${r.group}`}>{t(`menu.group.${r.group}`)}</span>, children });
    }
    children.push(item);
  }
  return items;
}

export function BasicLayout(props: { children: ReactNode }) {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const labels = useLabels();
  const isPhone = useIsPhone();
  const screens = Grid.useBreakpoint();
  const location = useLocation();
  const navigate = useNavigate();
  const signOut = useSignOut();
  const { message } = AntApp.useApp();
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [collapsed, setCollapsed] = useState(false);
  const [passwordOpen, setPasswordOpen] = useState(false);
  const items = useMenuItems(() => setDrawerOpen(false));
  const selected = routeForPath(location.pathname)?.key ?? 'home';

  if (!me) return null;

  const logout = async () => {
    await signOut();
    void message.success(t('header.loggedOut'));
    navigate('/login', { replace: true });
  };

  const roleTag = (
    <Tag color={roleColor(me.role)} style={{ marginInlineEnd: 0 }} data-testid="header-user-role">
      {labels.role(me.role)}
      {me.role === 'jurisdiction_admin' && me.jurisdictionCode ? ` · ${labels.jurisdiction(me.jurisdictionCode)}` : ''}
    </Tag>
  );

  const menu = <Menu theme="dark" mode="inline" selectedKeys={[selected]} items={items} data-testid="side-menu" style={{ borderInlineEnd: 0 }} />;

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {isPhone ? (
        <Drawer
          placement="left"
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          size={280}
          closable={false}
          styles={{ body: { padding: 0, background: '#0f2a4a', display: 'flex', flexDirection: 'column' }, header: { display: 'none' } }}
          data-testid="menu-drawer"
        >
          <div style={{ padding: 16 }}>
            <Brand dark />
          </div>
          <div style={{ padding: '0 16px 12px', color: '#fff' }}>
            <Flex align="center" gap={10}>
              <Avatar icon={<UserOutlined />} style={{ background: '#2f6fd6', flex: 'none' }} />
              <div style={{ minWidth: 0 }}>
                <div style={{ fontWeight: 600 }} data-testid="header-user-name">
                  {me.displayName}
                </div>
                <div style={{ fontSize: 12, opacity: 0.75 }} data-testid="header-user-org">
                  {me.organization.name}
                </div>
              </div>
            </Flex>
            <div style={{ marginTop: 8 }}>{roleTag}</div>
          </div>
          <div style={{ flex: 1 }}>{menu}</div>
          <Flex vertical gap={8} style={{ padding: 16 }}>
            <Button
              block
              icon={<LockOutlined />}
              onClick={() => {
                setDrawerOpen(false);
                setPasswordOpen(true);
              }}
              data-testid="change-password"
            >
              {t('account.changePassword')}
            </Button>
            <Button block icon={<LogoutOutlined />} onClick={() => void logout()} data-testid="logout">
              {t('header.logout')}
            </Button>
          </Flex>
        </Drawer>
      ) : (
        <Sider width={220} collapsible collapsed={collapsed} onCollapse={setCollapsed} breakpoint="lg" data-testid="sider">
          {/* The sider runs the full height of the page; its content stays in view. */}
          <div style={{ position: 'sticky', top: 0, maxHeight: 'calc(100vh - 48px)', overflowY: 'auto' }}>
            <div style={{ height: 56, padding: '14px 20px', overflow: 'hidden' }}>
              <Brand collapsed={collapsed} dark />
            </div>
            {menu}
          </div>
        </Sider>
      )}
      <Layout style={{ minWidth: 0 }}>
        <Header
          style={{
            position: 'sticky',
            top: 0,
            zIndex: 100,
            display: 'flex',
            alignItems: 'center',
            gap: 8,
            boxShadow: '0 1px 4px rgba(15, 42, 74, 0.08)',
            paddingInline: isPhone ? 8 : 20,
            height: 56,
            lineHeight: '56px',
          }}
        >
          {isPhone ? (
            <>
              <Button type="text" icon={<MenuOutlined />} onClick={() => setDrawerOpen(true)} aria-label={t('menu.open')} data-testid="menu-toggle" />
              <div style={{ minWidth: 0, flex: 1 }}>
                <Brand />
              </div>
              <NotificationBell />
              <LangSwitch />
            </>
          ) : (
            <>
              <Typography.Text type="secondary" ellipsis style={{ flex: 1, minWidth: 0 }}>
                {screens.lg ? t('app.tagline') : ''}
              </Typography.Text>
              <Flex align="center" gap={10} style={{ minWidth: 0 }} data-testid="header-user">
                <Avatar size="small" icon={<UserOutlined />} style={{ background: '#1f5fbf', flex: 'none' }} />
                <Typography.Text strong style={{ whiteSpace: 'nowrap' }} data-testid="header-user-name">
                  {me.displayName}
                </Typography.Text>
                {roleTag}
                {screens.md ? (
                  <Tooltip title={t('header.organization')}>
                    <Typography.Text type="secondary" ellipsis style={{ maxWidth: 220 }} data-testid="header-user-org">
                      {me.organization.name}
                    </Typography.Text>
                  </Tooltip>
                ) : null}
              </Flex>
              <NotificationBell />
              <LangSwitch />
              <Tooltip title={t('account.changePassword')}>
                <Button
                  type="text"
                  icon={<LockOutlined />}
                  onClick={() => setPasswordOpen(true)}
                  data-testid="change-password"
                  aria-label={t('account.changePassword')}
                />
              </Tooltip>
              <Tooltip title={t('header.logout')}>
                <Button type="text" icon={<LogoutOutlined />} onClick={() => void logout()} data-testid="logout" aria-label={t('header.logout')}>
                  {screens.xl ? t('header.logout') : null}
                </Button>
              </Tooltip>
            </>
          )}
        </Header>
        <Content className="yrd-content" style={{ padding: 24, minWidth: 0 }}>
          {props.children}
        </Content>
        <ChangePasswordModal open={passwordOpen} userId={me.id} onClose={() => setPasswordOpen(false)} />
        <Footer style={{ textAlign: 'center', fontSize: 12, color: '#5c6470', padding: '12px 16px 20px' }}>
          {t('app.name')} · {t('app.nameAlt')} · {t('common.timezoneNote')}
        </Footer>
      </Layout>
    </Layout>
  );
}
