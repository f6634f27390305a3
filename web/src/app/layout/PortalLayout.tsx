// The public portal's frame: header (logo, navigation, language, 登录/注册), content, footer.
// Signing in and registering are full navigations to the signed-in application.
import { useState, type ReactNode } from 'react';
import { NavLink, useLocation } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useLang } from '../i18n';

export const loginHref = (back: string) => `/login?redirect=${encodeURIComponent(back)}`;

const NAV = [
  { to: '/', key: 'home', end: true },
  { to: '/resources', key: 'resources', end: false },
  { to: '/market', key: 'market', end: false },
  { to: '/research/calls', key: 'calls', end: false },
  { to: '/providers', key: 'providers', end: false },
] as const;

export function PortalLayout(props: { children: ReactNode }) {
  const { t } = useTranslation();
  const [lang, setLang] = useLang();
  const location = useLocation();
  const [open, setOpen] = useState(false);
  const back = location.pathname + location.search;
  return (
    <div className="pt-root">
      <a className="pt-skip" href="#pt-main">
        {t('portal.skip')}
      </a>
      <header className="pt-header">
        <div className="pt-header-in">
          <NavLink to="/" className="pt-brand" aria-label={t('portal.brand')} onClick={() => setOpen(false)}>
            <img src="/favicon.svg" alt="" width={28} height={28} />
            <span className="pt-brand-text">{t('portal.brand')}</span>
          </NavLink>
          <button
            type="button"
            className="pt-menu-btn"
            aria-expanded={open}
            aria-controls="pt-nav"
            onClick={() => setOpen((o) => !o)}
            data-testid="portal-menu"
          >
            {t('portal.nav.menu')}
          </button>
          <nav id="pt-nav" className={open ? 'pt-nav open' : 'pt-nav'} aria-label={t('portal.nav.label')}>
            {NAV.map((n) => (
              <NavLink key={n.to} to={n.to} end={n.end} onClick={() => setOpen(false)} data-testid={`portal-nav-${n.key}`}>
                {t(`portal.nav.${n.key}`)}
              </NavLink>
            ))}
          </nav>
          <div className="pt-actions">
            <button
              type="button"
              className="pt-btn pt-btn-text"
              onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}
              title={t('portal.langSwitchTitle')}
              lang={lang === 'zh' ? 'en' : 'zh'}
              data-testid="lang-switch"
            >
              {t('portal.langSwitch')}
            </button>
            <a className="pt-btn pt-btn-ghost" href={loginHref(back)} data-testid="portal-sign-in">
              {t('portal.signIn')}
            </a>
            <a className="pt-btn pt-btn-primary" href="/register" data-testid="portal-register">
              {t('portal.register')}
            </a>
          </div>
        </div>
      </header>
      <main id="pt-main" className="pt-main" tabIndex={-1}>
        {props.children}
      </main>
      <footer className="pt-footer">
        <p>{t('portal.footer')}</p>
        <p>
          <a href="/api/docs">API</a>
        </p>
      </footer>
    </div>
  );
}
