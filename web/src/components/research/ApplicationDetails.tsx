// An application to a call as reviewers and the call's department read it: summary, plan, team,
// disciplines, keywords and attachments; and the jurisdictions its team spans.
import { Descriptions, Flex, List, Tag, Typography } from 'antd';
import { PaperClipOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useLabels } from '../../app/reference';
import { formatTime } from '../../app/time';
import { attachmentUrl, type Application, type TeamMember } from '../../api/calls';
import { DisciplineTags, KeywordTags } from './tags';

export function MembersList(props: { members: TeamMember[]; testId?: string }) {
  const { t } = useTranslation();
  const labels = useLabels();
  return (
    <Flex vertical gap={4} style={{ margin: '6px 0' }} data-testid={props.testId}>
      {props.members.map((m, i) => (
        <Flex key={i} gap={6} wrap align="center">
          <Tag color={m.role === 'lead' ? 'blue' : 'default'} style={{ marginInlineEnd: 0 }}>
            {m.role === 'lead' ? t('calls.apply.lead') : m.role && m.role !== 'member' ? m.role : t('calls.apply.member')}
          </Tag>
          <Typography.Text>{m.name}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {m.organizationName} · {labels.jurisdictionShort(m.jurisdictionCode)}
          </Typography.Text>
        </Flex>
      ))}
    </Flex>
  );
}

export function JurisdictionChips(props: { codes: string[]; testId?: string }) {
  const labels = useLabels();
  return (
    <Flex wrap gap={4} data-testid={props.testId}>
      {props.codes.map((c) => (
        <Tag key={c} color="cyan" style={{ marginInlineEnd: 0 }}>
          {labels.jurisdictionShort(c)}
        </Tag>
      ))}
    </Flex>
  );
}

export function ApplicationDetails(props: { app: Application; callId: number }) {
  const { t } = useTranslation();
  const a = props.app;
  return (
    <Descriptions size="small" column={1} data-testid={`application-details-${a.id}`}>
      <Descriptions.Item label={t('calls.apply.summary')}>
        <span style={{ whiteSpace: 'pre-wrap' }}>{a.summary}</span>
      </Descriptions.Item>
      {a.plan ? (
        <Descriptions.Item label={t('calls.apply.plan')}>
          <span style={{ whiteSpace: 'pre-wrap' }}>{a.plan}</span>
        </Descriptions.Item>
      ) : null}
      <Descriptions.Item label={t('calls.apply.team')}>
        <MembersList members={a.members} />
      </Descriptions.Item>
      {a.disciplines.length ? (
        <Descriptions.Item label={t('calls.disciplines')}>
          <DisciplineTags codes={a.disciplines} />
        </Descriptions.Item>
      ) : null}
      {a.keywords.length ? (
        <Descriptions.Item label={t('calls.keywords')}>
          <KeywordTags words={a.keywords} />
        </Descriptions.Item>
      ) : null}
      <Descriptions.Item label={t('calls.attachments')}>
        <AttachmentList callId={props.callId} files={a.attachments} testPrefix={`application-file-${a.id}`} />
      </Descriptions.Item>
    </Descriptions>
  );
}

export function AttachmentList(props: { callId: number; files: Application['attachments']; testPrefix: string }) {
  const { t } = useTranslation();
  if (!props.files.length)
    return (
      <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
        {t('calls.noAttachments')}
      </Typography.Text>
    );
  return (
    <List
      size="small"
      dataSource={props.files}
      renderItem={(f) => (
        <List.Item data-testid={`${props.testPrefix}-${f.id}`} style={{ paddingInline: 0 }}>
          <Flex vertical gap={0} style={{ minWidth: 0 }}>
            <a href={attachmentUrl(props.callId, f.id)} download={f.filename} style={{ wordBreak: 'break-all' }}>
              <PaperClipOutlined /> {f.filename}
            </a>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {Math.max(1, Math.round(f.size / 1024))} KB · {formatTime(f.createdAt)}
            </Typography.Text>
          </Flex>
        </List.Item>
      )}
    />
  );
}
