// The language switch of the header and of the signed-out pages. Its own module so the sign-in
// page (and a public portal) need not load the signed-in frame (BasicLayout) to show it.
import { Button, Tooltip } from 'antd';
import { GlobalOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useLang } from '../i18n';

export function LangSwitch(props: { dark?: boolean }) {
  const { t } = useTranslation();
  const [lang, setLang] = useLang();
  return (
    <Tooltip title={t('lang.switchTitle')}>
      <Button
        type="text"
        icon={<GlobalOutlined />}
        onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}
        data-testid="lang-switch"
        aria-label={t('lang.switchTitle')}
        style={props.dark ? { color: '#fff' } : undefined}
      >
        {t('lang.switchTo')}
      </Button>
    </Tooltip>
  );
}
