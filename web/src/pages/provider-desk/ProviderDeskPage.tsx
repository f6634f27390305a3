// The provider's desk (an organisation admin of a non-government organisation): apply for
// recognition and upload evidence; once a provider, the service products, service orders,
// redeeming vouchers at checkout and the receivables.
import { Alert, Card, Skeleton, Tabs } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader';
import { CheckoutTab } from './CheckoutTab';
import { OrdersTab } from './OrdersTab';
import { ProductsTab } from './ProductsTab';
import { ReceivablesTab } from './ReceivablesTab';
import { RecognitionTab, useMyProvider } from './RecognitionTab';

type TabKey = 'recognition' | 'products' | 'orders' | 'checkout' | 'receivables';

export default function ProviderDeskPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const mine = useMyProvider();
  const provider = mine.data ?? null;
  const active = provider && (provider.status === 'listed' || provider.status === 'suspended');
  const tabs: TabKey[] = provider ? (active ? ['checkout', 'receivables', 'orders', 'products', 'recognition'] : ['recognition', 'products']) : ['recognition'];
  const asked = params.get('tab') as TabKey | null;
  const tab: TabKey = asked && tabs.includes(asked) ? asked : tabs[0];
  const setTab = (k: string) => {
    const next = new URLSearchParams(params);
    next.set('tab', k);
    setParams(next, { replace: true });
  };
  const content = (k: TabKey) => {
    switch (k) {
      case 'recognition':
        return <RecognitionTab />;
      case 'products':
        return provider ? <ProductsTab provider={provider} /> : null;
      case 'orders':
        return <OrdersTab />;
      case 'checkout':
        return <CheckoutTab />;
      case 'receivables':
        return <ReceivablesTab />;
    }
  };
  return (
    <div data-testid="desk-page" data-provider-status={provider?.status ?? 'none'}>
      <PageHeader title={t('desk.title')} subtitle={t('desk.subtitle')} />
      {provider?.status === 'suspended' ? (
        <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('desk.suspended')} description={provider.statusReason ?? undefined} />
      ) : null}
      <Card styles={{ body: { paddingTop: 4 } }}>
        {mine.isPending ? (
          <Skeleton active />
        ) : (
          <Tabs
            activeKey={tab}
            onChange={setTab}
            destroyOnHidden
            items={tabs.map((k) => ({ key: k, label: <span data-testid={`desk-tab-${k}`}>{t(`desk.tabs.${k}`)}</span>, children: content(k) }))}
          />
        )}
      </Card>
    </div>
  );
}
