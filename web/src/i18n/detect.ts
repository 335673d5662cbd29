// Which language to start in: the person's saved choice, else Japanese when the browser
// prefers Japanese or says nothing, else English. Pure, so it is tested without a browser.

export const LANGUAGES = ['ja', 'en'] as const;
export type Lang = (typeof LANGUAGES)[number];

export function isLang(v: unknown): v is Lang {
  return typeof v === 'string' && (LANGUAGES as readonly string[]).includes(v);
}

export function detectLanguage(saved: string | null, browser: readonly string[]): Lang {
  if (isLang(saved)) return saved;
  const first = browser.find((l) => typeof l === 'string' && l.trim() !== '');
  if (!first) return 'ja';
  return first.toLowerCase().startsWith('ja') ? 'ja' : 'en';
}
