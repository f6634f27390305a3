// Choose a published result before proposing a contract for it (the 「拟定合同」 entry of the
// contracts page): a search of GET /api/results?q=, then the proposal itself.
import { useEffect, useState } from 'react';
import { Flex, Modal, Select, Typography } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useLabels } from '../../app/reference';
import { formatFen } from '../../app/money';
import { useIsPhone } from '../../app/layout/useIsPhone';
import { resultsApi, type ResultBrief } from '../../api/transfer';

export function PickResultModal(props: { open: boolean; onClose: () => void; onPicked: (r: ResultBrief) => void }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const isPhone = useIsPhone();
  const [q, setQ] = useState('');
  const [debounced, setDebounced] = useState('');
  const [picked, setPicked] = useState<ResultBrief | undefined>();
  useEffect(() => {
    const h = setTimeout(() => setDebounced(q.trim()), 250);
    return () => clearTimeout(h);
  }, [q]);
  useEffect(() => {
    if (props.open) {
      setPicked(undefined);
      setQ('');
    }
  }, [props.open]);
  const list = useQuery({
    queryKey: ['deals-results', debounced],
    queryFn: ({ signal }) => resultsApi.search({ q: debounced || undefined, page: 1, pageSize: 20 }, signal),
    enabled: props.open,
    placeholderData: keepPreviousData,
  });
  const items = (list.data?.items ?? []).filter((r) => r.ownerOrgId != null);
  const all = picked && !items.some((r) => r.id === picked.id) ? [picked, ...items] : items;
  return (
    <Modal
      open={props.open}
      title={t('deals.propose.pickResult')}
      onCancel={props.onClose}
      onOk={() => picked && props.onPicked(picked)}
      okText={t('deals.propose.next')}
      cancelText={t('common.cancel')}
      okButtonProps={{ disabled: !picked, 'data-testid': 'pick-result-next' }}
      width={isPhone ? '100%' : 640}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('deals.propose.pickResultHint')}</Typography.Paragraph>
      <Select<number>
        showSearch={{ filterOption: false, onSearch: setQ }}
        value={picked?.id}
        placeholder={t('deals.propose.searchResult')}
        loading={list.isFetching}
        onChange={(id) => setPicked(all.find((r) => r.id === id))}
        options={all.map((r) => ({ value: r.id, label: r.title, r }))}
        optionRender={(o) => (
          <Flex vertical gap={0} data-testid={`pick-result-opt-${String(o.value)}`}>
            <span style={{ whiteSpace: 'normal' }}>{o.label}</span>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {o.data.r.ownerName} · {labels.jurisdiction(o.data.r.jurisdictionCode)}
              {o.data.r.askingPriceFen ? ` · ${formatFen(o.data.r.askingPriceFen)}` : ''}
            </Typography.Text>
          </Flex>
        )}
        style={{ width: '100%' }}
        data-testid="pick-result"
      />
    </Modal>
  );
}
