import { Suspense, lazy, useEffect, useMemo } from 'react';
import { App as AntApp, ConfigProvider, Flex, Button, Spin, theme } from 'antd';
import zhCN from 'antd/es/locale/zh_CN';
import enUS from 'antd/es/locale/en_US';
import { QueryClientProvider, useQueryClient } from '@tanstack/react-query';
import { BrowserRouter, Navigate, Outlet, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiError, setUnauthorizedHandler } from './api';
import { AccessContext, computeAccess, useAccess, type RouteAccessKey } from './access';
import { useLang } from './i18n';
import { appRoutes } from './routes';
import { ME_KEY, useMe } from './session';
import { queryClient } from './queryClient';
import { publicRoutes } from './publicRoutes';
// Loaded with the route that needs them: a signed-out visitor never downloads the signed-in frame
// (menu, drawer, header), a signed-in one never the sign-in form (npm run bench -- web).
const BasicLayout = lazy(() => import('./layout/BasicLayout').then((m) => ({ default: m.BasicLayout })));
const LoginPage = lazy(() => import('../pages/login/LoginPage'));
// Result carries large illustrations (403, 404, 500): loaded only when one is shown.
const Result = lazy(() => import('antd/es/result'));

function FullPageSpin() {
  return (
    <Flex align="center" justify="center" style={{ minHeight: '60vh' }}>
      <Spin size="large" />
    </Flex>
  );
}

/** A lazily loaded part: the spinner until its chunk is there. */
function Lazy(props: { children: React.ReactNode }) {
  return <Suspense fallback={<FullPageSpin />}>{props.children}</Suspense>;
}

/** Signed-in area: sends signed-out visitors to /login, provides the access flags. */
function RequireAuth() {
  const { data: me, isPending, isError, error, refetch } = useMe();
  const location = useLocation();
  const access = useMemo(() => computeAccess(me), [me]);
  const { t } = useTranslation();
  if (isPending) return <FullPageSpin />;
  if (isError) {
    return (
      <Lazy>
        <Result
          status="error"
          title={error instanceof ApiError ? error.problem.title : t('error.generic')}
          subTitle={error instanceof ApiError ? error.problem.detail : String(error)}
          extra={<Button onClick={() => void refetch()}>{t('common.refresh')}</Button>}
        />
      </Lazy>
    );
  }
  if (!me) {
    const redirect = location.pathname + location.search;
    return <Navigate to={redirect && redirect !== '/' ? `/login?redirect=${encodeURIComponent(redirect)}` : '/login'} replace />;
  }
  return (
    <AccessContext.Provider value={access}>
      <Lazy>
        <BasicLayout>
          <Suspense fallback={<FullPageSpin />}>
            <Outlet />
          </Suspense>
        </BasicLayout>
      </Lazy>
    </AccessContext.Provider>
  );
}

function Guard(props: { access: RouteAccessKey; children: React.ReactNode }) {
  const access = useAccess();
  const { t } = useTranslation();
  const navigate = useNavigate();
  if (!access[props.access]) {
    return (
      <Result
        status="403"
        title={t('common.notAllowed')}
        subTitle={t('common.notAllowedDetail')}
        extra={<Button onClick={() => navigate('/')}>{t('common.backHome')}</Button>}
        data-testid="page-forbidden"
      />
    );
  }
  return <>{props.children}</>;
}

function NotFound() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Result
      status="404"
      title={t('common.notFound')}
      extra={<Button onClick={() => navigate('/')}>{t('common.backHome')}</Button>}
      data-testid="page-not-found"
    />
  );
}

/** On any 401 from the API the session is gone: forget the user, which leads to /login. */
function SessionWatcher() {
  const qc = useQueryClient();
  useEffect(() => {
    setUnauthorizedHandler(() => qc.setQueryData(ME_KEY, null));
    return () => setUnauthorizedHandler(null);
  }, [qc]);
  return null;
}

function Themed(props: { children: React.ReactNode }) {
  const [lang] = useLang();
  return (
    <ConfigProvider
      locale={lang === 'en' ? enUS : zhCN}
      theme={{
        algorithm: theme.defaultAlgorithm,
        token: {
          colorPrimary: '#1f5fbf',
          // WCAG 2.1 AA (GB/T 37668): text at least 4.5:1 on white and on the page grey. antd's
          // links (#1677ff, 4.1:1) and secondary/description text (45 % black, 3.4:1) fall short.
          colorLink: '#1f5fbf',
          colorLinkHover: '#3a78d4',
          colorLinkActive: '#17488f',
          colorTextTertiary: 'rgba(0, 0, 0, 0.6)',
          colorTextDescription: 'rgba(0, 0, 0, 0.6)',
          colorTextPlaceholder: 'rgba(0, 0, 0, 0.57)',
          // Status colours are also the text of status tags and of success/danger text and buttons:
          // darker than antd's (#52c41a 2.2:1, #ff4d4f 3.3:1, #faad14), their light backgrounds kept.
          colorInfo: '#1f5fbf',
          colorSuccess: '#237804',
          colorSuccessBg: '#f6ffed',
          colorSuccessBorder: '#b7eb8f',
          colorWarning: '#ad4e00',
          colorWarningBg: '#fffbe6',
          colorWarningBorder: '#ffe58f',
          colorError: '#cf1322',
          colorErrorBg: '#fff2f0',
          colorErrorBorder: '#ffccc7',
          borderRadius: 6,
          // In English, Latin fonts first: a CJK font would set ’ and “ ” full-width ("organisation’ s").
          fontFamily:
            lang === 'en'
              ? "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'Helvetica Neue', Arial, 'Liberation Sans', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', sans-serif"
              : "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Helvetica Neue', Arial, sans-serif",
        },
        components: {
          Layout: { headerBg: '#ffffff', siderBg: '#0f2a4a', headerPadding: '0 16px' },
          Menu: { darkItemBg: '#0f2a4a', darkSubMenuItemBg: '#0b2140' },
        },
      }}
    >
      {/* Toasts open below the 56 px header, so they never cover its controls (the phone menu button, sign-out). */}
      <AntApp message={{ top: 64 }}>{props.children}</AntApp>
    </ConfigProvider>
  );
}

export default function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <Themed>
        <BrowserRouter>
          <SessionWatcher />
          <Routes>
            <Route
              path="/login"
              element={
                <Lazy>
                  <LoginPage />
                </Lazy>
              }
            />
            {publicRoutes.map((r) => (
              <Route
                key={r.path}
                path={r.path}
                element={
                  <Suspense fallback={<FullPageSpin />}>
                    <r.component />
                  </Suspense>
                }
              />
            ))}
            <Route element={<RequireAuth />}>
              {appRoutes.map((r) => (
                <Route
                  key={r.path}
                  path={r.path}
                  element={
                    <Guard access={r.access}>
                      <r.component />
                    </Guard>
                  }
                />
              ))}
              <Route path="*" element={<NotFound />} />
            </Route>
          </Routes>
        </BrowserRouter>
      </Themed>
    </QueryClientProvider>
  );
}
