// A programme picker for filters: the programmes the user may see (a jurisdiction admin: their own).
import { Select } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useAccess } from '../../app/access';
import { optionTestIds } from '../../components/testids';
import { programsApi } from '../../api/vouchers';

export function ProgramSelect(props: {
  value?: number;
  onChange: (id: number | undefined) => void;
  testId: string;
  style?: React.CSSProperties;
  status?: string;
}) {
  const { t } = useTranslation();
  const access = useAccess();
  const jurisdiction = access.adminJurisdiction ?? undefined;
  const list = useQuery({
    queryKey: ['voucher-programs', 'options', jurisdiction, props.status],
    queryFn: ({ signal }) => programsApi.list({ jurisdiction, status: props.status, pageSize: 200, sort: '-createdAt' }, signal),
    staleTime: 60_000,
  });
  return (
    <Select
      aria-label={t('programs.program')}
      allowClear
      showSearch={{ optionFilterProp: 'label' }}
      placeholder={t('programs.program')}
      value={props.value}
      onChange={(v) => props.onChange(v ?? undefined)}
      options={(list.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))}
      optionRender={optionTestIds(`${props.testId}-opt`)}
      loading={list.isFetching}
      popupMatchSelectWidth={false}
      style={props.style}
      data-testid={props.testId}
    />
  );
}
