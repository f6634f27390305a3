// Small pieces the portal's pages share: loading and error states, the 示例 mark of demo data,
// the pager, the "sign in to …" action that comes back to this page, money and dates.
import { useEffect, useState, type ReactNode } from 'react';
import { useLocation, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { formatFen } from '../../app/money';
import { loginHref } from '../../app/layout/PortalLayout';
import { ApiError } from '../../app/api';

export function Loading() {
  const { t } = useTranslation();
  return (
    <div className="yrd-boot" role="status" aria-live="polite">
      <span className="yrd-boot-dot" />
      <span className="pt-sr">{t('portal.loading')}</span>
    </div>
  );
}

export function Failed(props: { error: unknown; retry?: () => void }) {
  const { t } = useTranslation();
  const notFound = props.error instanceof ApiError && props.error.status === 404;
  return (
    <div className="pt-empty" role="alert" data-testid={notFound ? 'portal-not-found' : 'portal-error'}>
      <p>{notFound ? t('portal.notFound') : t('portal.error')}</p>
      {!notFound && props.retry ? (
        <button type="button" className="pt-btn pt-btn-ghost" onClick={props.retry}>
          {t('portal.retry')}
        </button>
      ) : null}
    </div>
  );
}

export const isDemo = (...texts: Array<string | null | undefined>) => texts.some((s) => !!s && /示例/.test(s));

/** Demo records (their names say 示例) carry a visible mark, in both languages. */
export function DemoTag(props: { show: boolean }) {
  const { t } = useTranslation();
  if (!props.show) return null;
  return (
    <span className="pt-tag pt-tag-demo" title={t('portal.demoTitle')} data-testid="demo-tag">
      {t('portal.demo')}
    </span>
  );
}

export function Tag(props: { children: ReactNode; tone?: 'blue' | 'green' | 'grey' | 'orange' }) {
  return <span className={`pt-tag pt-tag-${props.tone ?? 'blue'}`}>{props.children}</span>;
}

export function Pager(props: { page: number; pageSize: number; total: number; onPage: (p: number) => void }) {
  const { t } = useTranslation();
  const pages = Math.max(1, Math.ceil(props.total / props.pageSize));
  if (pages <= 1) return null;
  return (
    <nav className="pt-pager" aria-label={t('portal.pageOf', { page: props.page, pages })}>
      <button type="button" className="pt-btn pt-btn-ghost" disabled={props.page <= 1} onClick={() => props.onPage(props.page - 1)}>
        {t('portal.prev')}
      </button>
      <span>{t('portal.pageOf', { page: props.page, pages })}</span>
      <button type="button" className="pt-btn pt-btn-ghost" disabled={props.page >= pages} onClick={() => props.onPage(props.page + 1)}>
        {t('portal.next')}
      </button>
    </nav>
  );
}

/** A labelled drop-down filter: "all" (the empty value) and the given options. */
export function SelectFilter(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  allLabel: string;
  options: ReadonlyArray<{ value: string; label: string }>;
  testId?: string;
}) {
  return (
    <label className="pt-filter">
      <span>{props.label}</span>
      <select value={props.value} onChange={(e) => props.onChange(e.target.value)} data-testid={props.testId}>
        <option value="">{props.allLabel}</option>
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/** A page of cards from a list query: loading and error states, the total, an empty note, the cards, the pager. */
export function CardList<T>(props: {
  query: { isPending: boolean; isError: boolean; error: unknown; data?: { items: T[]; total: number }; refetch: () => unknown };
  none: string;
  page: number;
  pageSize: number;
  onPage: (page: number) => void;
  children: (item: T) => ReactNode;
}) {
  const { t } = useTranslation();
  const { query } = props;
  if (query.isPending) return <Loading />;
  if (query.isError || !query.data) return <Failed error={query.error} retry={() => void query.refetch()} />;
  return (
    <>
      <p className="pt-muted" aria-live="polite">
        {t('portal.total', { total: query.data.total })}
      </p>
      {query.data.items.length === 0 ? <p className="pt-empty">{props.none}</p> : null}
      <ul className="pt-cards">{query.data.items.map(props.children)}</ul>
      <Pager page={props.page} pageSize={props.pageSize} total={query.data.total} onPage={props.onPage} />
    </>
  );
}

/** An action that needs an account: a link to sign in that comes back to this page. */
export function SignInAction(props: { label: string; hint: string; testId: string }) {
  const location = useLocation();
  return (
    <div className="pt-action">
      <a className="pt-btn pt-btn-primary pt-btn-lg" href={loginHref(location.pathname + location.search)} data-testid={props.testId}>
        {props.label}
      </a>
      <p className="pt-muted">{props.hint}</p>
    </div>
  );
}

export const money = (fen: number | null | undefined) => (fen === null || fen === undefined ? '' : formatFen(fen));

/** A UTC instant as a Beijing-time date (YYYY-MM-DD). */
export function bjDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso.slice(0, 10);
  return new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

export function Field(props: { label: string; children: ReactNode }) {
  if (props.children === null || props.children === undefined || props.children === '') return null;
  return (
    <div className="pt-field">
      <dt>{props.label}</dt>
      <dd>{props.children}</dd>
    </div>
  );
}

export const JURISDICTIONS = ['310000', '320000', '330000', '340000'] as const;

/** A label of an enumeration ("resourceKind", "instrument" → 大型科学仪器), the raw value when unknown. */
export function useLabel() {
  const { t, i18n } = useTranslation();
  return (prefix: string, value: string | null | undefined): string => {
    if (!value) return '';
    const key = `${prefix}.${value}`;
    return i18n.exists(key) ? (t as unknown as (k: string) => string)(key) : value;
  };
}

/** A list page's query in the address: read a parameter, the page, and change some (back to page 1 unless the page is what changes). */
export function useListParams() {
  const [params, setParams] = useSearchParams();
  const get = (k: string) => params.get(k) ?? '';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const set = (patch: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    if (!('page' in patch)) next.delete('page');
    setParams(next);
  };
  return { get, page, set };
}

/** The labelled search box of a list's filter bar; submitting puts the words into the address (q). */
export function SearchField(props: { label: string; placeholder?: string; maxLength: number; testId?: string }) {
  const { t } = useTranslation();
  const { get, set } = useListParams();
  const q = get('q');
  const [text, setText] = useState(q);
  useEffect(() => setText(q), [q]);
  return (
    <form
      className="pt-filter pt-filter-wide"
      role="search"
      onSubmit={(e) => {
        e.preventDefault();
        set({ q: text.trim() });
      }}
    >
      <label>
        <span>{props.label}</span>
        <span className="pt-row">
          <input
            type="search"
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder={props.placeholder}
            maxLength={props.maxLength}
            data-testid={props.testId}
          />
          <button type="submit" className="pt-btn pt-btn-primary">
            {t('portal.search')}
          </button>
        </span>
      </label>
    </form>
  );
}
