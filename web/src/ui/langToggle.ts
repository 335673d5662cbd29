// The language switch, visible on every screen: shows the name of the other language.

import { onLanguageChanged, t, toggleLanguage } from '../i18n';
import { h } from './dom';
import { uiIcon } from './icons';

export function languageToggle(): { el: HTMLButtonElement; dispose(): void } {
  const label = h('span', { class: 'btn-label', i18n: 'lang.toggle' });
  const el = h(
    'button',
    {
      class: 'btn btn-ghost lang-toggle',
      i18nAria: 'lang.toggleAria',
      attrs: { type: 'button', 'data-testid': 'lang-toggle' },
      on: { click: () => void toggleLanguage() },
    },
    [uiIcon('globe'), label],
  );
  const off = onLanguageChanged(() => {
    label.textContent = t('lang.toggle');
    el.setAttribute('aria-label', t('lang.toggleAria'));
  });
  return { el, dispose: off };
}
