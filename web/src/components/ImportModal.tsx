// Import from a spreadsheet: a dry run first; a 422 row report is shown as a table; when every
// row passes, the user confirms and the same file is imported for real.
import { useState } from 'react';
import { Alert, App, Button, Flex, Modal, Table, Typography, Upload } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useAccess } from '../app/access';
import { api, ApiError, importContentType, type ProblemFieldError } from '../app/api';
import { useFeedback } from './feedback';

interface ImportResult {
  dryRun: boolean;
  imported: number;
  total: number;
  /** The audit batch of the import's entries. */
  batchId?: string | null;
}

type Phase =
  | { kind: 'choose' }
  | { kind: 'checking'; file: File }
  | { kind: 'ok'; file: File; total: number }
  | { kind: 'failed'; file: File; title: string; detail?: string; errors: ProblemFieldError[] }
  | { kind: 'importing'; file: File; total: number };

export function ImportModal(props: {
  open: boolean;
  title: string;
  /** e.g. '/organizations/import'. */
  endpoint: string;
  onClose: () => void;
  onImported: () => void;
}) {
  const { t } = useTranslation();
  const fb = useFeedback();
  const access = useAccess();
  const navigate = useNavigate();
  const { notification } = App.useApp();
  const [phase, setPhase] = useState<Phase>({ kind: 'choose' });

  const post = (file: File, dryRun: boolean) =>
    api<ImportResult>(props.endpoint, {
      method: 'POST',
      query: { dryRun },
      body: file,
      contentType: importContentType(file) ?? 'application/octet-stream',
    });

  const check = async (file: File) => {
    if (!importContentType(file)) {
      fb.error(new Error(t('import.badType')));
      return;
    }
    setPhase({ kind: 'checking', file });
    try {
      const res = await post(file, true);
      setPhase({ kind: 'ok', file, total: res.total });
    } catch (err) {
      if (err instanceof ApiError && err.problem.errors?.length) {
        const errors = [...err.problem.errors].sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
        setPhase({ kind: 'failed', file, title: err.problem.title, detail: err.problem.detail, errors });
      } else {
        fb.error(err);
        setPhase({ kind: 'choose' });
      }
    }
  };

  const confirm = async () => {
    if (phase.kind !== 'ok') return;
    const { file, total } = phase;
    setPhase({ kind: 'importing', file, total });
    try {
      const res = await post(file, false);
      fb.success(t('import.done', { imported: res.imported }));
      // Those who read the audit log get a link to this import's entries (one batch).
      if (res.batchId && access.audit) {
        const batch = res.batchId;
        notification.success({
          key: `import-${batch}`,
          title: t('import.auditTitle'),
          description: (
            <Button
              type="link"
              style={{ padding: 0 }}
              data-testid="import-audit-link"
              onClick={() => {
                notification.destroy(`import-${batch}`);
                navigate(`/audit?batch=${encodeURIComponent(batch)}`);
              }}
            >
              {t('import.auditLink')}
            </Button>
          ),
          duration: 12,
        });
      }
      props.onImported();
      close();
    } catch (err) {
      if (err instanceof ApiError && err.problem.errors?.length) {
        setPhase({ kind: 'failed', file, title: err.problem.title, detail: err.problem.detail, errors: err.problem.errors });
      } else {
        fb.error(err);
        setPhase({ kind: 'ok', file, total });
      }
    }
  };

  const close = () => {
    setPhase({ kind: 'choose' });
    props.onClose();
  };

  const chooser = (
    <div data-testid="import-file">
      <Upload.Dragger
        accept=".xlsx,.csv"
        multiple={false}
        showUploadList={false}
        disabled={phase.kind === 'checking' || phase.kind === 'importing'}
        beforeUpload={(file) => {
          void check(file);
          return false;
        }}
      >
        <p style={{ fontSize: 32, color: '#1f5fbf', margin: 0 }}>
          <InboxOutlined />
        </p>
        <p style={{ margin: '4px 0' }}>{phase.kind === 'checking' ? t('import.checking') : t('import.choose')}</p>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('import.hint')}
        </Typography.Text>
      </Upload.Dragger>
    </div>
  );

  return (
    <Modal
      open={props.open}
      title={props.title}
      onCancel={close}
      width={720}
      destroyOnHidden
      footer={
        <Flex justify="flex-end" gap={8} wrap>
          <Button onClick={close} data-testid="import-close">
            {t('common.close')}
          </Button>
          {phase.kind === 'ok' || phase.kind === 'importing' ? (
            <Button type="primary" onClick={() => void confirm()} loading={phase.kind === 'importing'} data-testid="import-confirm">
              {t('import.confirm')}
            </Button>
          ) : null}
        </Flex>
      }
    >
      <div data-testid="import-modal">
        {phase.kind === 'choose' || phase.kind === 'checking' ? chooser : null}
        {phase.kind === 'ok' || phase.kind === 'importing' ? (
          <Alert
            type="success"
            showIcon
            data-testid="import-ok"
            title={t('import.okTitle')}
            description={t('import.okDetail', { file: phase.file.name, total: phase.total })}
          />
        ) : null}
        {phase.kind === 'failed' ? (
          <Flex vertical gap={12}>
            <Alert type="error" showIcon data-testid="import-failed" title={phase.title || t('import.failedTitle')} description={phase.detail} />
            <div data-testid="import-errors">
              <Table<ProblemFieldError>
                size="small"
                rowKey={(r, i) => `${r.row ?? ''}-${r.field}-${i}`}
                dataSource={phase.errors}
                pagination={phase.errors.length > 10 ? { pageSize: 10, size: 'small' } : false}
                scroll={{ x: 480 }}
                onRow={(r) => ({ 'data-testid': `import-error-row-${r.row ?? 0}` }) as React.HTMLAttributes<HTMLElement>}
                columns={[
                  { title: t('import.row'), dataIndex: 'row', width: 70 },
                  {
                    title: t('import.column'),
                    dataIndex: 'field',
                    width: 160,
                    render: (v: string, r) => (r.column ? <span data-testid="import-error-column">{r.column}</span> : <code>{v}</code>),
                  },
                  { title: t('import.message'), dataIndex: 'message' },
                ]}
              />
            </div>
            <Button onClick={() => setPhase({ kind: 'choose' })} data-testid="import-again">
              {t('import.chooseAnother')}
            </Button>
          </Flex>
        ) : null}
      </div>
    </Modal>
  );
}
