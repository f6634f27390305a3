// UI language: Chinese by default, English on request; remembered in localStorage and sent to
// the server as Accept-Language so its problem+json errors come back in the same language.
import i18n from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import 'dayjs/locale/en';
import type { Resources } from './locales/zh';
import { setLanguageSource } from './api';

export type Lang = 'zh' | 'en';
export const LANG_STORAGE_KEY = 'yrd.lang';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Resources };
  }
}

function storedLang(): Lang {
  try {
    const v = localStorage.getItem(LANG_STORAGE_KEY);
    if (v === 'en' || v === 'zh') return v;
  } catch {
    /* storage unavailable */
  }
  return 'zh';
}

const initial = storedLang();

// Each language's texts are a chunk of their own, loaded when the language is first used: a
// visitor downloads one language, not both (main.tsx renders once `i18nReady` settles).
const loaders: Record<Lang, () => Promise<Resources>> = {
  zh: () => import('./locales/zh').then((m) => m.default),
  en: () => import('./locales/en').then((m) => m.default),
};

async function ensureLoaded(lang: Lang): Promise<void> {
  if (i18n.hasResourceBundle(lang, 'translation')) return;
  i18n.addResourceBundle(lang, 'translation', await loaders[lang]());
}

void i18n.use(initReactI18next).init({
  resources: {},
  partialBundledLanguages: true,
  lng: initial,
  fallbackLng: 'zh',
  supportedLngs: ['zh', 'en'],
  interpolation: { escapeValue: false },
  initAsync: false,
  returnNull: false,
});

export const currentLang = (): Lang => (i18n.language === 'en' ? 'en' : 'zh');
export const acceptLanguage = (): string => (currentLang() === 'en' ? 'en' : 'zh-CN');

function applyLang(lang: Lang) {
  dayjs.locale(lang === 'en' ? 'en' : 'zh-cn');
  document.documentElement.lang = lang === 'en' ? 'en' : 'zh-CN';
  document.title = lang === 'en' ? 'YRD Commons · 长三角科创协同平台' : '长三角科创协同平台 · YRD Commons';
}

applyLang(initial);
setLanguageSource(acceptLanguage);

/** Settles once the texts of the language the visitor starts in are loaded. */
export const i18nReady: Promise<void> = ensureLoaded(initial);

export async function setLanguage(lang: Lang): Promise<void> {
  try {
    localStorage.setItem(LANG_STORAGE_KEY, lang);
  } catch {
    /* storage unavailable */
  }
  await ensureLoaded(lang);
  applyLang(lang);
  await i18n.changeLanguage(lang);
}

/** The current language and a setter, re-rendering on change. */
export function useLang(): [Lang, (lang: Lang) => void] {
  const { i18n: inst } = useTranslation();
  const lang: Lang = inst.language === 'en' ? 'en' : 'zh';
  return [lang, (l) => void setLanguage(l)];
}

export default i18n;
