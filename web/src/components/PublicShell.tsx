// The frame of the pages for visitors who are not signed in (sign-in, registration, invitations,
// password reset): the brand background, the language switch, one card with the platform's name.
import type { ReactNode } from 'react';
import { Card, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { LangSwitch } from '../app/layout/BasicLayout';
import { useIsPhone } from '../app/layout/useIsPhone';
import { useMe } from '../app/session';

export function PublicShell(props: { title: ReactNode; children: ReactNode; width?: number; testId?: string }) {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  // Someone signed in (an admin trying a link) still has the session cookie, and the server wants
  // its CSRF token on every write it sends: asking who is signed in fetches the token.
  useMe();
  return (
    <div style={{ minHeight: '100vh', background: 'linear-gradient(135deg, #0f2a4a 0%, #1f5fbf 55%, #3fa9f5 100%)', display: 'flex', flexDirection: 'column' }}>
      <Flex justify="flex-end" style={{ padding: isPhone ? 8 : 16 }}>
        <LangSwitch dark />
      </Flex>
      <Flex flex={1} justify="center" align="flex-start" style={{ padding: isPhone ? '0 8px 24px' : '0 24px 48px' }}>
        <Card style={{ width: '100%', maxWidth: props.width ?? 480 }} styles={{ body: { padding: isPhone ? 16 : 32 } }} data-testid={props.testId}>
          <Flex vertical align="center" gap={4} style={{ marginBottom: 20 }}>
            <img src="/favicon.svg" alt="" width={40} height={40} />
            <Typography.Text type="secondary">{t('app.name')}</Typography.Text>
            <Typography.Title level={3} style={{ margin: '4px 0 0', textAlign: 'center' }}>
              {props.title}
            </Typography.Title>
          </Flex>
          {props.children}
        </Card>
      </Flex>
    </div>
  );
}
