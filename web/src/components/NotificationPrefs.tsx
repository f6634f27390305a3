// A person's notification settings (a section of the inbox page, and of any settings page):
// e-mail on or off, the language of e-mails, and the kinds that reach the inbox only.
import { useEffect, useState } from 'react';
import { Button, Card, Checkbox, Flex, Radio, Skeleton, Switch, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useLang } from '../app/i18n';
import { notificationKeys, notificationsApi, type NotificationPrefsInput } from '../api/notifications';
import { useFeedback } from './feedback';

export function NotificationPrefsCard() {
  const { t } = useTranslation();
  const [lang] = useLang();
  const qc = useQueryClient();
  const fb = useFeedback();
  const prefs = useQuery({ queryKey: notificationKeys.prefs(lang), queryFn: () => notificationsApi.prefs() });
  const [draft, setDraft] = useState<NotificationPrefsInput | null>(null);
  useEffect(() => {
    if (prefs.data) setDraft({ emailEnabled: prefs.data.emailEnabled, mutedKinds: prefs.data.mutedKinds, language: prefs.data.language });
  }, [prefs.data]);
  const save = useMutation({
    mutationFn: (body: NotificationPrefsInput) => notificationsApi.savePrefs(body),
    onSuccess: (data) => {
      qc.setQueryData(notificationKeys.prefs(lang), data);
      fb.success(t('notificationPrefs.saved'));
    },
    onError: (e) => fb.error(e),
  });

  return (
    <Card title={t('notificationPrefs.title')} data-testid="notification-prefs">
      {!prefs.data || !draft ? (
        <Skeleton active />
      ) : (
        <Flex vertical gap={16}>
          <Typography.Text type="secondary">{t('notificationPrefs.intro')}</Typography.Text>
          <Flex gap={8} align="center" wrap>
            <Switch checked={draft.emailEnabled} onChange={(v) => setDraft({ ...draft, emailEnabled: v })} data-testid="prefs-email" id="prefs-email" />
            <label htmlFor="prefs-email">{t('notificationPrefs.emailEnabled')}</label>
          </Flex>
          <Flex gap={8} align="center" wrap>
            <Typography.Text>{t('notificationPrefs.emailLanguage')}</Typography.Text>
            <Radio.Group
              value={draft.language}
              disabled={!draft.emailEnabled}
              onChange={(e) => setDraft({ ...draft, language: e.target.value })}
              optionType="button"
              options={[
                { value: 'zh', label: t('notificationPrefs.zh') },
                { value: 'en', label: t('notificationPrefs.en') },
              ]}
              data-testid="prefs-language"
            />
          </Flex>
          <div>
            <Typography.Text style={{ display: 'block', marginBottom: 8 }}>{t('notificationPrefs.muted')}</Typography.Text>
            <Checkbox.Group
              value={draft.mutedKinds}
              disabled={!draft.emailEnabled}
              onChange={(v) => setDraft({ ...draft, mutedKinds: v as string[] })}
              style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(220px, 1fr))', gap: 8 }}
              data-testid="prefs-muted"
            >
              {prefs.data.kinds.map((k) => (
                <Checkbox key={k.kind} value={k.kind} data-testid={`prefs-mute-${k.kind}`}>
                  {k.title}
                </Checkbox>
              ))}
            </Checkbox.Group>
          </div>
          <div>
            <Button type="primary" loading={save.isPending} onClick={() => save.mutate(draft)} data-testid="prefs-save">
              {t('common.save')}
            </Button>
          </div>
        </Flex>
      )}
    </Card>
  );
}
