// Pieces the market pages share: labels of the market's codes (result types, transfer modes,
// payment methods, GB/T 13745 fields …), tags, highlighted search text, the score bar and the
// "why" of a match, and the terms of an open licence.
import type { ReactNode } from 'react';
import { Descriptions, Flex, Tag, Tooltip, Typography } from 'antd';
import { UnlockOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useLabels } from '../../app/reference';
import { formatFen } from '../../app/money';
import { formatDate } from '../../app/time';
import type { Legal, MatchReason, OpenLicence, OpenLicenceBrief } from '../../api/transfer';

export function useMarketLabels() {
  const { t, i18n } = useTranslation();
  const tr = (prefix: string, v: string | null | undefined) => {
    if (!v) return '';
    const key = `market.${prefix}.${v}`;
    return i18n.exists(key) ? (t as (k: string) => string)(key) : v;
  };
  /** "430 材料科学" for a GB/T 13745 code (named by its first level). */
  const field = (code: string) => {
    const name = tr('fieldNames', code.slice(0, 3));
    return name && name !== code.slice(0, 3) ? `${code} ${name}` : code;
  };
  return {
    resultType: (v: string | null | undefined) => tr('resultTypes', v),
    transferMode: (v: string | null | undefined) => tr('transferModes', v),
    paymentMethod: (v: string | null | undefined) => tr('paymentMethods', v),
    paymentMode: (v: string | null | undefined) => tr('paymentModes', v),
    rightsKind: (v: string | null | undefined) => tr('rightsKinds', v),
    status: (v: string | null | undefined) => tr('statuses', v),
    patentStatus: (v: string | null | undefined) => tr('patentStatuses', v),
    contractStatus: (v: string | null | undefined) => tr('contractStatuses', v),
    via: (v: string | null | undefined) => tr('via', v),
    bar: (v: string | null | undefined) => tr('bars', v),
    availability: (v: string | null | undefined) => tr('availability', v),
    field,
  };
}

/** Basis points → "3%" / "2.5%". */
export const pct = (bp: number | null | undefined) => (bp == null ? '' : `${bp % 100 === 0 ? bp / 100 : (bp / 100).toFixed(2).replace(/0$/, '')}%`);

const TYPE_COLORS: Record<string, string> = {
  invention: 'blue',
  utility_model: 'cyan',
  design: 'purple',
  software: 'geekblue',
  know_how: 'gold',
  plant_variety: 'green',
};

export function ResultTypeTag(props: { type: string | null | undefined; testId?: string }) {
  const ml = useMarketLabels();
  if (!props.type) return null;
  return (
    <Tag color={TYPE_COLORS[props.type] ?? 'default'} style={{ marginInlineEnd: 0 }} data-testid={props.testId}>
      {ml.resultType(props.type)}
    </Tag>
  );
}

const STATUS_COLORS: Record<string, string> = {
  draft: 'default',
  published: 'green',
  withdrawn: 'red',
  active: 'green',
  proposed: 'gold',
  completed: 'blue',
  defaulted: 'red',
  terminated: 'default',
  cancelled: 'default',
};

export function MStatusTag(props: { status: string; label: string; testId?: string }) {
  return (
    <Tag color={STATUS_COLORS[props.status] ?? 'default'} style={{ marginInlineEnd: 0 }} data-testid={props.testId} data-status={props.status}>
      {props.label}
    </Tag>
  );
}

export function OpenLicenceTag(props: { testId?: string; withdrawn?: boolean }) {
  const { t } = useTranslation();
  return (
    <Tag color={props.withdrawn ? 'default' : 'success'} icon={<UnlockOutlined />} style={{ marginInlineEnd: 0 }} data-testid={props.testId}>
      {props.withdrawn ? t('market.ol.withdrawnTag') : t('market.ol.tag')}
    </Tag>
  );
}

export function WordTags(props: { words: string[] | undefined; color?: string; testId?: string; code?: boolean; label?: (w: string) => string }) {
  const words = props.words ?? [];
  if (!words.length) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Flex wrap gap={4} data-testid={props.testId}>
      {words.map((w) => (
        <Tag key={w} color={props.color} style={{ marginInlineEnd: 0 }}>
          {props.code ? <code>{props.label ? props.label(w) : w}</code> : props.label ? props.label(w) : w}
        </Tag>
      ))}
    </Flex>
  );
}

export function FieldTags(props: { codes: string[] | undefined; testId?: string; color?: string }) {
  const ml = useMarketLabels();
  return <WordTags words={props.codes} color={props.color ?? 'geekblue'} label={ml.field} testId={props.testId} />;
}

const PART_COLORS: Record<string, string> = { lexical: '#2f6fed', ipc: '#13a8a8', field: '#722ed1', maturity: '#fa8c16', region: '#52c41a' };
const PARTS = ['lexical', 'ipc', 'field', 'maturity', 'region'] as const;

/** The score as a bar made of its parts (words, IPC, fields, maturity, region), with the number. */
export function ScoreBar(props: { score: number; parts?: MatchReason['parts']; testId?: string; width?: number | string }) {
  const { t } = useTranslation();
  const total = Math.max(0, Math.min(1, props.score));
  const parts = props.parts;
  const legend = (
    <div>
      {PARTS.map((p) => (
        <div key={p}>
          <span style={{ display: 'inline-block', width: 8, height: 8, background: PART_COLORS[p], marginInlineEnd: 6, borderRadius: 2 }} />
          {t(`market.match.parts.${p}`)}: {parts ? parts[p].toFixed(3) : '—'}
        </div>
      ))}
    </div>
  );
  return (
    <Tooltip title={parts ? legend : undefined}>
      <Flex align="center" gap={8} data-testid={props.testId} data-score={props.score} style={{ width: props.width ?? '100%', minWidth: 0 }}>
        <div
          role="meter"
          aria-valuemin={0}
          aria-valuemax={1}
          aria-valuenow={props.score}
          aria-label={t('market.match.score')}
          style={{ flex: 1, minWidth: 60, height: 10, background: '#eef1f6', borderRadius: 5, overflow: 'hidden', display: 'flex' }}
        >
          {parts ? (
            PARTS.map((p) => <div key={p} style={{ width: `${Math.max(0, parts[p]) * 100}%`, background: PART_COLORS[p] }} />)
          ) : (
            <div style={{ width: `${total * 100}%`, background: PART_COLORS.lexical }} />
          )}
        </div>
        <Typography.Text strong style={{ fontVariantNumeric: 'tabular-nums', minWidth: 36, textAlign: 'right' }}>
          {(props.score * 100).toFixed(0)}
        </Typography.Text>
      </Flex>
    </Tooltip>
  );
}

/** The legend of the score bar's colours. */
export function ScoreLegend() {
  const { t } = useTranslation();
  return (
    <Flex wrap gap={12} style={{ fontSize: 12, color: '#667085' }} data-testid="score-legend">
      {PARTS.map((p) => (
        <span key={p} style={{ whiteSpace: 'nowrap' }}>
          <span style={{ display: 'inline-block', width: 8, height: 8, background: PART_COLORS[p], marginInlineEnd: 4, borderRadius: 2 }} />
          {t(`market.match.parts.${p}`)}
        </span>
      ))}
    </Flex>
  );
}

/** Why a match: shared words as tags, shared IPC classes and fields, TRL, same jurisdiction. */
export function MatchReasons(props: { reason: MatchReason; testId?: string; showTrl?: boolean }) {
  const { t } = useTranslation();
  const r = props.reason;
  const row = (label: string, content: ReactNode, key: string) => (
    <Flex key={key} gap={6} align="flex-start" wrap={false} style={{ minWidth: 0 }}>
      <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap', lineHeight: '22px' }}>
        {label}
      </Typography.Text>
      <div style={{ minWidth: 0 }}>{content}</div>
    </Flex>
  );
  const rows: ReactNode[] = [];
  if (r.sharedTerms.length)
    rows.push(
      row(
        t('market.match.sharedTerms'),
        <Flex wrap gap={4} data-testid={props.testId ? `${props.testId}-terms` : undefined}>
          {r.sharedTerms.map((w) => (
            <Tag key={w} color="orange" style={{ marginInlineEnd: 0 }}>
              <mark className="yrd-hit" style={{ background: 'transparent', padding: 0 }}>
                {w}
              </mark>
            </Tag>
          ))}
        </Flex>,
        'terms',
      ),
    );
  if (r.sharedIpc?.length)
    rows.push(
      row(t('market.match.sharedIpc'), <WordTags words={r.sharedIpc} color="cyan" code testId={props.testId ? `${props.testId}-ipc` : undefined} />, 'ipc'),
    );
  if (r.sharedFields.length)
    rows.push(row(t('market.match.sharedFields'), <FieldTags codes={r.sharedFields} testId={props.testId ? `${props.testId}-fields` : undefined} />, 'fields'));
  const flags: ReactNode[] = [];
  if (props.showTrl !== false && r.trl != null)
    flags.push(
      <Tag key="trl" style={{ marginInlineEnd: 0 }}>
        TRL {r.trl}
      </Tag>,
    );
  if (r.sameJurisdiction)
    flags.push(
      <Tag key="region" color="green" style={{ marginInlineEnd: 0 }} data-testid={props.testId ? `${props.testId}-same-region` : undefined}>
        {t('market.match.sameJurisdiction')}
      </Tag>,
    );
  if (flags.length)
    rows.push(
      row(
        t('market.match.also'),
        <Flex wrap gap={4}>
          {flags}
        </Flex>,
        'flags',
      ),
    );
  if (!rows.length)
    rows.push(
      <Typography.Text key="none" type="secondary" style={{ fontSize: 12 }}>
        {t('market.match.noReason')}
      </Typography.Text>,
    );
  return (
    <Flex vertical gap={4} data-testid={props.testId}>
      {rows}
    </Flex>
  );
}

/** The declared terms: payment method, fee, royalty, term (and statement, licensees). */
export function OpenLicenceTerms(props: { ol: OpenLicenceBrief | OpenLicence; testId: string; column?: number }) {
  const { t } = useTranslation();
  const ml = useMarketLabels();
  const o = props.ol;
  const full = 'statement' in o ? o : null;
  return (
    <Descriptions size="small" column={props.column ?? 1} bordered data-testid={props.testId} styles={{ label: { width: 120 } }}>
      <Descriptions.Item label={t('market.ol.paymentMethod')}>
        <span data-testid={`${props.testId}-method`} data-method={o.paymentMethod}>
          {ml.paymentMethod(o.paymentMethod)}
        </span>
      </Descriptions.Item>
      {o.paymentMethod === 'one_off' || o.paymentMethod === 'entry_royalty' ? (
        <Descriptions.Item label={o.paymentMethod === 'entry_royalty' ? t('market.ol.entryFee') : t('market.ol.fee')}>
          <span data-testid={`${props.testId}-fee`}>{formatFen(o.feeFen)}</span>
        </Descriptions.Item>
      ) : null}
      {o.paymentMethod === 'royalty' || o.paymentMethod === 'entry_royalty' ? (
        <Descriptions.Item label={t('market.ol.royalty')}>
          <span data-testid={`${props.testId}-royalty`}>{t('market.ol.royaltyOfSales', { pct: pct(o.royaltyBp) })}</span>
        </Descriptions.Item>
      ) : null}
      <Descriptions.Item label={t('market.ol.term')}>
        <span data-testid={`${props.testId}-term`}>{t('market.ol.months', { n: o.termMonths })}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t('market.ol.declaredAt')}>{formatDate(o.declaredAt)}</Descriptions.Item>
      {full ? (
        <Descriptions.Item label={t('market.ol.licensees')}>
          <span data-testid={`${props.testId}-licensees`}>{full.licensees}</span>
        </Descriptions.Item>
      ) : null}
      {full?.statement ? <Descriptions.Item label={t('market.ol.statement')}>{full.statement}</Descriptions.Item> : null}
    </Descriptions>
  );
}

/** A one-line summary of declared terms: "一次性 ¥50,000.00 · 36 个月". */
export function useTermsLine() {
  const { t } = useTranslation();
  const ml = useMarketLabels();
  return (o: { paymentMethod: string; feeFen: number; royaltyBp: number; termMonths: number }) => {
    const parts = [ml.paymentMethod(o.paymentMethod)];
    if (o.paymentMethod === 'one_off' || o.paymentMethod === 'entry_royalty') parts.push(formatFen(o.feeFen));
    if (o.paymentMethod === 'royalty' || o.paymentMethod === 'entry_royalty') parts.push(t('market.ol.royaltyOfSales', { pct: pct(o.royaltyBp) }));
    parts.push(t('market.ol.months', { n: o.termMonths }));
    return parts.join(' · ');
  };
}

/** Which bars of the law the listing's stated legal status raises against a declaration (the server decides). */
export function declarationBars(l: { resultType?: string; patentStatus?: string | null; legal?: Legal }): string[] {
  const bars: string[] = [];
  const type = l.resultType ?? '';
  if (!['invention', 'utility_model', 'design'].includes(type)) bars.push('open-licence-not-patent');
  else if (l.patentStatus !== 'granted') bars.push('open-licence-not-granted');
  const g = l.legal;
  if (g?.exclusiveLicence) bars.push('open-licence-exclusive-licence');
  if (g?.pledged && !g.pledgeeConsent) bars.push('open-licence-pledged');
  if (g && !g.annualFeePaid) bars.push('open-licence-annual-fee');
  if (g?.ownershipDisputed) bars.push('open-licence-ownership-disputed');
  if (['utility_model', 'design'].includes(type) && !g?.evaluationReport) bars.push('open-licence-evaluation-report');
  return bars;
}

/** The jurisdiction's short name, for tight places. */
export function useJurisdictionShort() {
  const labels = useLabels();
  return (code: string) => labels.jurisdictionShort(code) || labels.jurisdiction(code);
}
