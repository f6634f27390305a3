// Export (xlsx/csv, with the current filters) and import-template downloads.
import { useState } from 'react';
import { Button, Dropdown } from 'antd';
import { DownloadOutlined, FileExcelOutlined, FileTextOutlined, ProfileOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { download, type Query } from '../app/api';
import { useFeedback } from './feedback';

export function ExportButtons(props: {
  /** e.g. '/organizations' → /organizations/export and /organizations/import-template. */
  base: string;
  query: Query;
  fileBase: string;
  testPrefix: string;
  showTemplate?: boolean;
}) {
  const { t } = useTranslation();
  const fb = useFeedback();
  const [busy, setBusy] = useState(false);

  const run = async (kind: 'export' | 'import-template', format: 'xlsx' | 'csv') => {
    setBusy(true);
    try {
      const q = kind === 'export' ? { ...props.query, page: undefined, pageSize: undefined, format } : { format };
      const name = await download(`${props.base}/${kind}`, q, `${props.fileBase}${kind === 'export' ? '' : '-template'}.${format}`);
      fb.success(t('common.downloaded', { name }));
    } catch (err) {
      fb.error(err);
    } finally {
      setBusy(false);
    }
  };

  const item = (kind: 'export' | 'import-template', format: 'xlsx' | 'csv', label: string) => ({
    key: `${kind}-${format}`,
    icon: format === 'xlsx' ? <FileExcelOutlined /> : <FileTextOutlined />,
    label: <span data-testid={`${props.testPrefix}-${kind === 'export' ? 'export' : 'template'}-${format}`}>{label}</span>,
    onClick: () => void run(kind, format),
  });

  return (
    <>
      <Dropdown trigger={['click']} menu={{ items: [item('export', 'xlsx', t('common.exportXlsx')), item('export', 'csv', t('common.exportCsv'))] }}>
        <Button icon={<DownloadOutlined />} loading={busy} data-testid={`${props.testPrefix}-export`}>
          {t('common.export')}
        </Button>
      </Dropdown>
      {props.showTemplate !== false ? (
        <Dropdown
          trigger={['click']}
          menu={{
            items: [item('import-template', 'xlsx', t('common.templateXlsx')), item('import-template', 'csv', t('common.templateCsv'))],
          }}
        >
          <Button icon={<ProfileOutlined />} data-testid={`${props.testPrefix}-template`}>
            {t('common.template')}
          </Button>
        </Dropdown>
      ) : null}
    </>
  );
}
