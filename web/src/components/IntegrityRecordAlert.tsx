// A refusal because of an active research-integrity record (403 `integrity-record`): the server
// names the record — whose it is, who decided it, what for and until when — and forms show it
// in full rather than as a bare "forbidden". Other problems are shown as title and detail.
import { Alert, Descriptions, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiError, type Problem } from '../app/api';
import { formatDate } from '../app/time';
import { useLabels } from '../app/reference';

export interface IntegrityRecordRef {
  id: number;
  jurisdictionCode?: string;
  subjectType?: string;
  subjectName: string;
  misconduct?: string;
  decidingUnit: string;
  effectiveAt?: string;
  endsAt: string;
}

export function integrityRecordOf(err: unknown): IntegrityRecordRef | null {
  if (!(err instanceof ApiError) || err.code !== 'integrity-record') return null;
  const r = err.problem.record as IntegrityRecordRef | undefined;
  return r && typeof r.id === 'number' ? r : null;
}

export function IntegrityRecordAlert(props: { problem: Problem; record: IntegrityRecordRef; testId?: string }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const r = props.record;
  const id = props.testId ?? 'integrity-refusal';
  return (
    <Alert
      type="error"
      showIcon
      data-testid={id}
      title={props.problem.title}
      description={
        <div>
          {props.problem.detail ? (
            <Typography.Paragraph style={{ marginBottom: 8 }} data-testid={`${id}-detail`}>
              {props.problem.detail}
            </Typography.Paragraph>
          ) : null}
          <Descriptions size="small" column={1} bordered styles={{ label: { width: 110 } }}>
            <Descriptions.Item label={t('integrity.subject')}>
              <span data-testid={`${id}-subject`}>{r.subjectName}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('integrity.decidingUnit')}>
              <span data-testid={`${id}-unit`}>{r.decidingUnit}</span>
              {r.jurisdictionCode ? <Typography.Text type="secondary"> · {labels.jurisdiction(r.jurisdictionCode)}</Typography.Text> : null}
            </Descriptions.Item>
            {r.misconduct ? <Descriptions.Item label={t('integrity.misconduct')}>{r.misconduct}</Descriptions.Item> : null}
            <Descriptions.Item label={t('integrity.period')}>
              <span data-testid={`${id}-ends`}>
                {r.effectiveAt ? `${formatDate(r.effectiveAt)} – ` : ''}
                {formatDate(r.endsAt)}
              </span>
            </Descriptions.Item>
            <Descriptions.Item label={t('integrity.recordNo')}>
              <Link to={`/research/integrity/${r.id}`} data-testid={`${id}-link`}>
                #{r.id}
              </Link>
            </Descriptions.Item>
          </Descriptions>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('integrity.refusalHint')}
          </Typography.Text>
        </div>
      }
    />
  );
}

/** A form's server error: the integrity record in full, or the problem's title and detail. */
export function ProblemAlert(props: { error: unknown; testId: string }) {
  const { t } = useTranslation();
  if (!props.error) return null;
  const record = integrityRecordOf(props.error);
  if (record && props.error instanceof ApiError) return <IntegrityRecordAlert problem={props.error.problem} record={record} />;
  if (props.error instanceof ApiError) {
    const p = props.error.problem;
    return (
      <Alert
        type="error"
        showIcon
        data-testid={props.testId}
        data-rule={typeof p.rule === 'string' ? p.rule : p.code}
        title={p.title}
        description={
          p.detail || p.errors?.length ? (
            <div>
              {p.detail ? <div data-testid={`${props.testId}-detail`}>{p.detail}</div> : null}
              {p.errors?.length ? (
                <ul style={{ margin: '4px 0 0', paddingInlineStart: 18 }}>
                  {p.errors.slice(0, 8).map((e, i) => (
                    <li key={i}>
                      <code>{e.field.replace(/^body:\//, '')}</code>: {e.message}
                    </li>
                  ))}
                </ul>
              ) : null}
            </div>
          ) : undefined
        }
      />
    );
  }
  return (
    <Alert
      type="error"
      showIcon
      data-testid={props.testId}
      title={t('error.generic')}
      description={props.error instanceof Error ? props.error.message : String(props.error)}
    />
  );
}
