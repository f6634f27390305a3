// The first thing the browser runs, kept light (no Ant Design, no ECharts): it asks who is signed
// in, then loads the public portal (a visitor who is not signed in, on a portal page) or the
// signed-in application with its sign-in page. Each is its own chunk with its own router; the
// portal reaches the sign-in page by a full navigation.
import { lazy, Suspense, useEffect, useState } from 'react';
import { QueryClientProvider } from '@tanstack/react-query';
import { queryClient } from './queryClient';
import { useMe } from './session';

const SignedInApp = lazy(() => import('./App'));
const PortalApp = lazy(() => import('./PortalApp'));

/** The pages a visitor sees without signing in (the same addresses as the signed-in pages they lead to). */
const PORTAL_PATHS = [
  /^\/$/,
  /^\/resources\/?$/,
  /^\/resources\/\d+\/?$/,
  /^\/market\/?$/,
  /^\/market\/(results|demands)\/\d+\/?$/,
  /^\/market\/open-licences\/?$/,
  /^\/research\/calls\/?$/,
  /^\/research\/calls\/\d+\/?$/,
  /^\/providers\/?$/,
];
export const isPortalPath = (path: string) => PORTAL_PATHS.some((re) => re.test(path));

function Loading() {
  return (
    <div className="yrd-boot" role="status" aria-live="polite">
      <span className="yrd-boot-dot" />
    </div>
  );
}

/** The current path, also after Back/Forward. */
function usePathname() {
  const [path, setPath] = useState(() => window.location.pathname);
  useEffect(() => {
    const on = () => setPath(window.location.pathname);
    window.addEventListener('popstate', on);
    return () => window.removeEventListener('popstate', on);
  }, []);
  return path;
}

type Mode = 'portal' | 'app';

/**
 * Which of the two to show is decided when the session is first known and again after Back or
 * Forward — not when the session changes inside the app (signing out there goes on to its sign-in
 * page, as before; signing in happens there too).
 */
function Switch() {
  const { data: me, isPending } = useMe();
  const path = usePathname();
  const [mode, setMode] = useState<Mode | null>(null);
  useEffect(() => {
    if (isPending) return;
    const now = window.location.pathname;
    // The portal's list of providers is the signed-in app's providers page.
    if (me && /^\/providers\/?$/.test(now)) window.history.replaceState(null, '', '/vouchers/providers');
    setMode(!me && isPortalPath(now) ? 'portal' : 'app');
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [isPending, path]);
  if (mode === null) return <Loading />;
  return mode === 'portal' ? <PortalApp /> : <SignedInApp />;
}

export default function Root() {
  return (
    <QueryClientProvider client={queryClient}>
      <Suspense fallback={<Loading />}>
        <Switch />
      </Suspense>
    </QueryClientProvider>
  );
}
