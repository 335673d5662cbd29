// i18next set-up and the few helpers the UI uses. All text on screen comes from `t(key)`;
// static elements carry data-i18n* attributes and are re-translated when the language
// changes. Values are put in with textContent / setAttribute only, never as HTML, which is
// why i18next's HTML escaping is off.

import i18next from 'i18next';
import { en } from './en';
import { ja } from './ja';
import { type Lang, detectLanguage, isLang } from './detect';

export type { Lang } from './detect';

const STORAGE_KEY = 'tsunagu.lang';

export async function initI18n(): Promise<void> {
  let saved: string | null = null;
  try {
    saved = localStorage.getItem(STORAGE_KEY);
  } catch {
    saved = null;
  }
  const lng = detectLanguage(saved, navigator.languages?.length ? navigator.languages : [navigator.language]);
  await i18next.init({
    lng,
    fallbackLng: 'ja',
    supportedLngs: ['ja', 'en'],
    resources: { ja: { translation: ja }, en: { translation: en } },
    interpolation: { escapeValue: false },
    returnNull: false,
    initAsync: false,
    showSupportNotice: false,
  } as Parameters<typeof i18next.init>[0]);
  document.documentElement.lang = lng;
}

export function t(key: string, options?: Record<string, unknown>): string {
  return i18next.t(key, options);
}

export function lang(): Lang {
  const l = i18next.language;
  return isLang(l) ? l : 'ja';
}

export async function setLanguage(next: Lang): Promise<void> {
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    /* private mode: the choice lasts for this page only */
  }
  document.documentElement.lang = next;
  await i18next.changeLanguage(next);
}

export function toggleLanguage(): Promise<void> {
  return setLanguage(lang() === 'ja' ? 'en' : 'ja');
}

/** Calls `fn` after every language change; returns a function that stops it. */
export function onLanguageChanged(fn: () => void): () => void {
  i18next.on('languageChanged', fn);
  return () => i18next.off('languageChanged', fn);
}

/** The values of an element's `data-i18n-params` (JSON), if any. */
function paramsOf(el: HTMLElement): Record<string, unknown> | undefined {
  const raw = el.dataset.i18nParams;
  if (!raw) return undefined;
  try {
    const v = JSON.parse(raw) as unknown;
    return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** A server's localized text ({"ja": …, "en": …}) in the current language. */
function serverText(raw: string): string {
  try {
    const v = JSON.parse(raw) as Record<string, unknown>;
    const pick = v[lang()] ?? v.ja ?? v.en;
    return typeof pick === 'string' ? pick : '';
  } catch {
    return '';
  }
}

/**
 * Translates the static text of `root`: data-i18n (+ data-i18n-params) → textContent,
 * data-i18n-aria → aria-label, data-i18n-placeholder → placeholder, data-i18n-title → title,
 * data-server-msg (a server's {"ja","en"} message) → textContent in the current language.
 */
export function translateDom(root: ParentNode): void {
  root.querySelectorAll<HTMLElement>('[data-i18n]').forEach((el) => {
    el.textContent = t(el.dataset.i18n as string, paramsOf(el));
  });
  root.querySelectorAll<HTMLElement>('[data-server-msg]').forEach((el) => {
    el.textContent = serverText(el.dataset.serverMsg as string);
  });
  root.querySelectorAll<HTMLElement>('[data-i18n-aria]').forEach((el) => {
    el.setAttribute('aria-label', t(el.dataset.i18nAria as string));
  });
  root.querySelectorAll<HTMLElement>('[data-i18n-placeholder]').forEach((el) => {
    el.setAttribute('placeholder', t(el.dataset.i18nPlaceholder as string));
  });
  root.querySelectorAll<HTMLElement>('[data-i18n-title]').forEach((el) => {
    el.setAttribute('title', t(el.dataset.i18nTitle as string));
  });
}
