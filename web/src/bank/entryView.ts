// How a saved diary entry reads: time and length, how strong, what came with it, the medicine
// and how it worked. Used by the diary list and the printed summary. The note is the person's
// own text and goes in as text.

import { lang, t } from '../i18n';
import { h } from '../ui/dom';
import { type DiaryEntry, SYMPTOMS, intensityBand } from './types';

/** "4 h 30 min", "45 min", "2 days 3 h" in the current language. */
export function durationText(min: number): string {
  const days = Math.floor(min / 1440);
  const hours = Math.floor((min % 1440) / 60);
  const minutes = min % 60;
  const parts: string[] = [];
  if (days) parts.push(t('bank.units.days', { count: days }));
  if (hours) parts.push(t('bank.units.hours', { count: hours }));
  if (minutes || parts.length === 0) parts.push(t('bank.units.minutes', { count: minutes }));
  return parts.join(lang() === 'ja' ? '' : ' ');
}

export function intensityText(v: number): string {
  return t('bank.entry.intensity', { band: t(`bank.intensity.${intensityBand(v)}`), value: v });
}

/** The features of an entry as short words ("one side", "pulsating", "nausea"…). */
export function featureWords(e: DiaryEntry): string[] {
  const out: string[] = [];
  if (e.side) out.push(t(`bank.side.${e.side}`));
  if (e.character) out.push(t(`bank.character.${e.character}`));
  if (e.worse_with_activity) out.push(t('bank.entry.worseWithActivity'));
  for (const s of SYMPTOMS) if (e[s]) out.push(t(`bank.symptom.${s}`));
  return out;
}

export function medicationWords(e: DiaryEntry): string[] {
  return e.medications.map((m) => (m.effect ? t('bank.entry.medWithEffect', { med: t(`bank.med.${m.class}`), effect: t(`bank.effect.${m.effect}`) }) : t(`bank.med.${m.class}`)));
}

/** A card for one entry, with the given action buttons at the bottom. */
export function entryCard(e: DiaryEntry, actions: Node[] = []): HTMLElement {
  const band = intensityBand(e.intensity);
  const when = e.start ? t('bank.entry.startAt', { time: e.start, duration: durationText(e.duration_min) }) : durationText(e.duration_min);
  const features = featureWords(e);
  const meds = medicationWords(e);
  return h('article', { class: `entry-card band-${band}`, attrs: { 'data-testid': `entry-${e.id ?? 'new'}`, 'data-date': e.date } }, [
    h('div', { class: 'entry-top' }, [
      h('span', { class: `entry-band band-${band}`, text: intensityText(e.intensity) }),
      h('span', { class: 'entry-when', text: when }),
    ]),
    features.length ? h('ul', { class: 'entry-tags' }, features.map((w) => h('li', { text: w }))) : null,
    meds.length ? h('p', { class: 'entry-line' }, [h('span', { class: 'entry-line-label', i18n: 'bank.entry.meds' }), h('span', { text: meds.join(t('bank.units.list')) })]) : null,
    e.triggers.length ? h('p', { class: 'entry-line' }, [h('span', { class: 'entry-line-label', i18n: 'bank.entry.triggers' }), h('span', { text: e.triggers.map((x) => t(`bank.trigger.${x}`)).join(t('bank.units.list')) })]) : null,
    e.missed.length ? h('p', { class: 'entry-line' }, [h('span', { class: 'entry-line-label', i18n: 'bank.entry.missed' }), h('span', { text: e.missed.map((x) => t(`bank.missed.${x}`)).join(t('bank.units.list')) })]) : null,
    e.note ? h('p', { class: 'entry-note', text: e.note }) : null,
    actions.length ? h('div', { class: 'entry-actions' }, actions) : null,
  ]);
}
