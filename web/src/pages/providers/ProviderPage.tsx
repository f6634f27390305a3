// One service provider's page (components/vouchers/ProviderView.tsx draws it; the provider's own
// desk shows the same view).
import { Result, Skeleton } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../app/api';
import { providersApi } from '../../api/vouchers';
import { ProviderView } from '../../components/vouchers/ProviderView';

export default function ProviderPage() {
  const { t } = useTranslation();
  const { id: idParam } = useParams();
  const id = Number(idParam);
  const qc = useQueryClient();
  const provider = useQuery({ queryKey: ['provider', id], queryFn: ({ signal }) => providersApi.get(id, signal), enabled: id > 0 });
  if (provider.isError) {
    const e = provider.error;
    return (
      <Result
        status={e instanceof ApiError && e.status === 404 ? '404' : 'error'}
        title={e instanceof ApiError ? e.problem.title : t('error.generic')}
        subTitle={e instanceof ApiError ? e.problem.detail : undefined}
        extra={<Link to="/vouchers/providers">{t('providers.back')}</Link>}
      />
    );
  }
  if (!provider.data) return <Skeleton active />;
  return (
    <ProviderView
      provider={provider.data}
      onChanged={(p) => {
        if (p) qc.setQueryData(['provider', id], p);
        void qc.invalidateQueries({ queryKey: ['provider', id] });
        void qc.invalidateQueries({ queryKey: ['providers'] });
        void qc.invalidateQueries({ queryKey: ['provider-objections', id] });
      }}
    />
  );
}
