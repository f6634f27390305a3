import { Suspense, useEffect, useMemo } from 'react';
import { App as AntApp, ConfigProvider, Flex, Result, Button, Spin, theme } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import { QueryClientProvider, useQueryClient } from '@tanstack/react-query';
import { BrowserRouter, Navigate, Outlet, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiError, setUnauthorizedHandler } from './api';
import { AccessContext, computeAccess, useAccess, type RouteAccessKey } from './access';
import { useLang } from './i18n';
import { appRoutes } from './routes';
import { ME_KEY, useMe } from './session';
import { queryClient } from './queryClient';
import { BasicLayout } from './layout/BasicLayout';
import LoginPage from '../pages/login/LoginPage';
import { publicRoutes } from './publicRoutes';

function FullPageSpin() {
  return (
    <Flex align="center" justify="center" style={{ minHeight: '60vh' }}>
      <Spin size="large" />
    </Flex>
  );
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
      <Result
        status="error"
        title={error instanceof ApiError ? error.problem.title : t('error.generic')}
        subTitle={error instanceof ApiError ? error.problem.detail : String(error)}
        extra={<Button onClick={() => void refetch()}>{t('common.refresh')}</Button>}
      />
    );
  }
  if (!me) {
    const redirect = location.pathname + location.search;
    return <Navigate to={redirect && redirect !== '/' ? `/login?redirect=${encodeURIComponent(redirect)}` : '/login'} replace />;
  }
  return (
    <AccessContext.Provider value={access}>
      <BasicLayout>
        <Suspense fallback={<FullPageSpin />}>
          <Outlet />
        </Suspense>
      </BasicLayout>
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
            <Route path="/login" element={<LoginPage />} />
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
