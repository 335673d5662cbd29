// The diary entry form: every field of docs/bank.md, made for a thumb on a phone — big chips
// instead of small selects, three easy intensity choices (mild / moderate / severe) beside the
// 0–10 slider, quick durations. Checks the entry (validate.ts) before saving and shows each
// problem, and the server's refusal, next to its field. Owned by the diary tab.

import { t } from '../i18n';
import { h, uid } from '../ui/dom';
import { type MessageSource, formError, inputField, setBusy, setMessage, textareaField } from '../ui/form';
import { uiIcon } from '../ui/icons';
import { type ChoiceGroup, choiceGroup, toggleGroup, triState } from './chips';
import { bankIcon } from './icons';
import { today } from './dates';
import type { DiaryFailure, DiaryResult } from './source';
import {
  CHARACTERS,
  type DiaryEntry,
  INTENSITY_PRESETS,
  MAX_MEDICATIONS,
  MED_CLASSES,
  MED_EFFECTS,
  type MedClass,
  type MedEffect,
  type Medication,
  MISSED,
  type Missed,
  NOTE_MAX_CHARS,
  SIDES,
  SYMPTOMS,
  TRIGGERS,
  type Trigger,
  intensityBand,
} from './types';
import { type EntryField, charCount, fieldOfServer, parseDuration, validateEntry } from './validate';

/** Quick choices for the duration, in minutes. */
const QUICK_DURATIONS = [30, 60, 120, 240, 480, 720, 1440, 2880, 4320] as const;

export interface DiaryFormOptions {
  entry: DiaryEntry;
  save(e: DiaryEntry): Promise<DiaryResult<DiaryEntry>>;
  onSaved(e: DiaryEntry, created: boolean): void;
  onCancel(): void;
  /** Offered only when editing an existing entry. */
  onDelete?: () => void;
}

interface MedRow {
  el: HTMLElement;
  get(): Medication;
}

export class DiaryForm {
  readonly el: HTMLFormElement;
  private readonly errors = new Map<EntryField, HTMLElement>();
  private readonly formError = formError('diary-form-error');

  constructor(o: DiaryFormOptions) {
    const e = o.entry;
    const editing = e.id !== undefined;

    // --- when
    const date = inputField({ label: 'bank.form.date', testid: 'diary-date', type: 'date' });
    date.input.value = e.date;
    date.input.max = today();
    date.input.required = true;
    const start = inputField({ label: 'bank.form.start', testid: 'diary-start', type: 'time', hint: 'bank.form.startHint' });
    start.input.value = e.start ?? '';
    this.errors.set('date', date.error);
    this.errors.set('start', start.error);

    // --- how long: quick chips plus hours and minutes
    const hours = h('input', { class: 'text-input num-input', attrs: { type: 'number', inputmode: 'numeric', min: 0, max: 168, step: 1, id: uid('dur-h'), 'data-testid': 'diary-hours' } });
    const minutes = h('input', { class: 'text-input num-input', attrs: { type: 'number', inputmode: 'numeric', min: 0, max: 59, step: 5, id: uid('dur-m'), 'data-testid': 'diary-minutes' } });
    const setDuration = (min: number) => {
      hours.value = String(Math.floor(min / 60));
      minutes.value = String(min % 60);
    };
    setDuration(e.duration_min);
    const quick = choiceGroup({
      legend: 'bank.form.duration',
      testid: 'diary-duration',
      hint: 'bank.form.durationHint',
      value: (QUICK_DURATIONS as readonly number[]).includes(e.duration_min) ? String(e.duration_min) : '',
      options: QUICK_DURATIONS.map((m) => ({ value: String(m), key: `bank.form.quick.m${m}` })),
      onChange: (v) => setDuration(Number(v)),
    });
    const syncQuick = () => {
      const m = parseDuration(hours.value, minutes.value);
      quick.set(m !== null && (QUICK_DURATIONS as readonly number[]).includes(m) ? String(m) : '');
    };
    hours.addEventListener('input', syncQuick);
    minutes.addEventListener('input', syncQuick);
    const durationError = h('p', { class: 'field-error', attrs: { role: 'alert', 'data-testid': 'diary-duration-value-error' } });
    this.errors.set('duration_min', durationError);
    quick.el.append(
      h('div', { class: 'duration-exact' }, [
        h('label', { class: 'duration-part', attrs: { for: hours.id } }, [hours, h('span', { i18n: 'bank.form.hours' })]),
        h('label', { class: 'duration-part', attrs: { for: minutes.id } }, [minutes, h('span', { i18n: 'bank.form.minutes' })]),
      ]),
      durationError,
    );

    // --- how strong: mild / moderate / severe, or exactly on 0–10
    const slider = h('input', { class: 'intensity-slider', attrs: { type: 'range', min: 0, max: 10, step: 1, 'data-testid': 'diary-intensity', id: uid('intensity') } });
    slider.value = String(e.intensity);
    const sliderValue = h('output', { class: 'intensity-value', attrs: { for: slider.id, 'data-testid': 'diary-intensity-value' } });
    const band = (v: number) => {
      const b = intensityBand(v);
      return b === 'none' ? '' : b;
    };
    const presets: ChoiceGroup = choiceGroup({
      legend: 'bank.form.intensity',
      testid: 'diary-band',
      hint: 'bank.form.intensityHint',
      value: band(e.intensity),
      wide: true,
      options: (['mild', 'moderate', 'severe'] as const).map((b) => ({ value: b, key: `bank.intensity.${b}` })),
      onChange: (v) => {
        slider.value = String(INTENSITY_PRESETS[v as keyof typeof INTENSITY_PRESETS]);
        showValue();
      },
    });
    const showValue = () => {
      const v = Number(slider.value);
      sliderValue.textContent = t('bank.form.intensityValue', { value: v });
      sliderValue.dataset.band = intensityBand(v);
      slider.setAttribute('aria-valuetext', t('bank.form.intensityValue', { value: v }));
    };
    slider.addEventListener('input', () => {
      presets.set(band(Number(slider.value)));
      showValue();
    });
    showValue();
    const intensityError = h('p', { class: 'field-error', attrs: { role: 'alert' } });
    this.errors.set('intensity', intensityError);
    presets.el.append(
      h('div', { class: 'intensity-exact' }, [
        h('label', { class: 'sr-only', i18n: 'bank.form.intensityExact', attrs: { for: slider.id } }),
        h('span', { class: 'intensity-end', text: '0' }),
        slider,
        h('span', { class: 'intensity-end', text: '10' }),
        sliderValue,
      ]),
      intensityError,
    );

    // --- what it was like
    const side = choiceGroup({
      legend: 'bank.form.side',
      testid: 'diary-side',
      value: e.side ?? '',
      options: [...SIDES.map((s) => ({ value: s, key: `bank.side.${s}` })), { value: '', key: 'bank.common.unknown' }],
    });
    const character = choiceGroup({
      legend: 'bank.form.character',
      testid: 'diary-character',
      value: e.character ?? '',
      options: [...CHARACTERS.map((c) => ({ value: c, key: `bank.character.${c}` })), { value: '', key: 'bank.common.unknown' }],
    });
    const activity = triState('bank.form.activity', 'diary-activity', e.worse_with_activity, 'bank.form.activityHint');
    const symptoms = toggleGroup({
      legend: 'bank.form.symptoms',
      testid: 'diary-symptoms',
      hint: 'bank.form.symptomsHint',
      values: SYMPTOMS.filter((s) => e[s]),
      options: SYMPTOMS.map((s) => ({ value: s, key: `bank.symptom.${s}` })),
    });

    // --- medication
    const medList = h('div', { class: 'med-list', attrs: { 'data-testid': 'diary-meds' } });
    const medRows: MedRow[] = [];
    const medError = h('p', { class: 'field-error', attrs: { role: 'alert', 'data-testid': 'diary-meds-error' } });
    this.errors.set('medications', medError);
    const addMed = h('button', {
      class: 'btn btn-secondary btn-add',
      attrs: { type: 'button', 'data-testid': 'diary-add-med' },
      on: {
        click: () => {
          if (medRows.length >= MAX_MEDICATIONS) return;
          addRow({ class: 'simple_analgesic', effect: null }).el.querySelector('select')?.focus();
        },
      },
    }, [bankIcon('plus'), h('span', { i18n: 'bank.form.addMed' })]);
    const addRow = (m: Medication): MedRow => {
      const row = medRow(m, medRows.length, () => {
        const i = medRows.indexOf(row);
        if (i >= 0) medRows.splice(i, 1);
        row.el.remove();
        addMed.disabled = medRows.length >= MAX_MEDICATIONS;
        addMed.focus();
      });
      medRows.push(row);
      medList.append(row.el);
      addMed.disabled = medRows.length >= MAX_MEDICATIONS;
      return row;
    };
    for (const m of e.medications) addRow(m);
    const meds = h('fieldset', { class: 'field chip-field' }, [
      h('legend', { class: 'field-label', i18n: 'bank.form.medications' }),
      h('p', { class: 'field-hint chip-hint', i18n: 'bank.form.medicationsHint' }),
      medList,
      addMed,
      medError,
    ]);

    // --- around it
    const triggers = toggleGroup({
      legend: 'bank.form.triggers',
      testid: 'diary-triggers',
      values: e.triggers,
      options: TRIGGERS.map((tr) => ({ value: tr, key: `bank.trigger.${tr}` })),
    });
    const missed = toggleGroup({
      legend: 'bank.form.missed',
      testid: 'diary-missed',
      values: e.missed,
      options: MISSED.map((m) => ({ value: m, key: `bank.missed.${m}` })),
    });
    const note = textareaField({ label: 'bank.form.note', testid: 'diary-note', hint: 'bank.form.noteHint', maxlength: NOTE_MAX_CHARS * 2, rows: 3 });
    note.input.value = e.note;
    const counter = h('p', { class: 'field-hint note-counter', attrs: { 'aria-live': 'polite' } });
    const count = () => {
      const n = charCount(note.input.value);
      counter.textContent = t('bank.form.noteCount', { count: n, max: NOTE_MAX_CHARS });
      counter.classList.toggle('over', n > NOTE_MAX_CHARS);
    };
    note.input.addEventListener('input', count);
    count();
    note.el.append(counter);
    this.errors.set('note', note.error);

    // --- actions
    const save = h('button', { class: 'btn btn-primary btn-large', i18n: editing ? 'bank.form.update' : 'bank.form.save', attrs: { type: 'submit', 'data-testid': 'diary-save' } });
    const cancel = h('button', { class: 'btn btn-secondary', i18n: 'common.cancel', attrs: { type: 'button', 'data-testid': 'diary-cancel' }, on: { click: () => o.onCancel() } });
    const del = o.onDelete
      ? h('button', { class: 'btn btn-danger-outline', i18n: 'bank.form.delete', attrs: { type: 'button', 'data-testid': 'diary-delete' }, on: { click: () => o.onDelete?.() } })
      : null;

    this.el = h('form', { class: 'bank-form diary-form', attrs: { novalidate: true, 'data-testid': 'diary-form' } }, [
      h('h3', { class: 'bank-form-title', i18n: editing ? 'bank.form.editTitle' : 'bank.form.newTitle' }),
      h('section', { class: 'form-section' }, [h('div', { class: 'form-row' }, [date.el, start.el]), quick.el]),
      h('section', { class: 'form-section' }, [presets.el]),
      h('section', { class: 'form-section' }, [side.el, character.el, activity.el, symptoms.el]),
      h('section', { class: 'form-section' }, [meds]),
      h('section', { class: 'form-section' }, [triggers.el, missed.el, note.el]),
      this.formError,
      h('div', { class: 'form-actions sticky-actions' }, [del, cancel, save]),
    ]);

    this.el.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const minutes_ = parseDuration(hours.value, minutes.value);
      const draft: DiaryEntry = {
        ...(e.id !== undefined ? { id: e.id } : {}),
        date: date.input.value,
        start: start.input.value === '' ? null : start.input.value,
        duration_min: minutes_ ?? Number.NaN,
        intensity: Number(slider.value),
        side: (side.get() || null) as DiaryEntry['side'],
        character: (character.get() || null) as DiaryEntry['character'],
        worse_with_activity: activity.get(),
        nausea: false,
        vomiting: false,
        photophobia: false,
        phonophobia: false,
        aura: false,
        medications: medRows.map((r) => r.get()),
        triggers: triggers.get() as Trigger[],
        missed: missed.get() as Missed[],
        note: note.input.value,
      };
      for (const s of symptoms.get()) draft[s as (typeof SYMPTOMS)[number]] = true;
      const errors = validateEntry(draft, today());
      if (minutes_ === null) errors.duration_min = 'bank.form.errors.durationMissing';
      this.clearErrors();
      const first = Object.keys(errors)[0] as EntryField | undefined;
      if (first) {
        for (const [f, key] of Object.entries(errors)) this.showError(f as EntryField, { key });
        setMessage(this.formError, { key: 'bank.form.errors.checkFields' });
        this.focusField(first);
        return;
      }
      setBusy(save, true);
      const res = await o.save(draft);
      setBusy(save, false);
      if (!res.ok) {
        this.showFailure(res.failure);
        return;
      }
      o.onSaved(res.value, !editing);
    });
  }

  private clearErrors(): void {
    for (const el of this.errors.values()) setMessage(el, null);
    setMessage(this.formError, null);
    for (const i of this.el.querySelectorAll('[aria-invalid="true"]')) i.setAttribute('aria-invalid', 'false');
  }

  private showError(f: EntryField, src: MessageSource): void {
    const el = this.errors.get(f);
    if (el) setMessage(el, src);
  }

  private focusField(f: EntryField): void {
    const el = this.errors.get(f);
    const box = el?.closest('.field, fieldset');
    const input = box?.querySelector<HTMLElement>('input, select, textarea');
    input?.setAttribute('aria-invalid', 'true');
    input?.focus();
    box?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  }

  private showFailure(f: DiaryFailure): void {
    this.clearErrors();
    if ('key' in f) {
      setMessage(this.formError, f);
      return;
    }
    const field = f.kind === 'rejected' && f.error.code === 'diary_invalid' ? fieldOfServer(f.field ?? null) : null;
    if (field) {
      this.showError(field, f);
      this.focusField(field);
    } else {
      setMessage(this.formError, f);
    }
  }
}

/** One medication: its class and how well it worked, with a button to take it out again. */
function medRow(m: Medication, index: number, onRemove: () => void): MedRow {
  const selectId = uid('med-class');
  const select = h(
    'select',
    { class: 'text-input select-input', attrs: { id: selectId, 'data-testid': `diary-med-class-${index}` } },
    MED_CLASSES.map((c) => h('option', { i18n: `bank.med.${c}`, attrs: { value: c } })),
  );
  select.value = m.class;
  const effect = choiceGroup({
    legend: 'bank.form.effect',
    testid: `diary-med-effect-${index}`,
    value: m.effect ?? '',
    options: [...MED_EFFECTS.map((x) => ({ value: x, key: `bank.effect.${x}` })), { value: '', key: 'bank.common.unknown' }],
  });
  const el = h('div', { class: 'med-row', attrs: { 'data-testid': `diary-med-${index}` } }, [
    h('div', { class: 'med-row-top' }, [
      h('div', { class: 'field med-class' }, [h('label', { class: 'field-label', i18n: 'bank.form.medClass', attrs: { for: selectId } }), select]),
      h('button', { class: 'btn btn-ghost btn-icon', i18nAria: 'bank.form.removeMed', attrs: { type: 'button', 'data-testid': `diary-med-remove-${index}` }, on: { click: onRemove } }, [uiIcon('close')]),
    ]),
    effect.el,
  ]);
  return { el, get: () => ({ class: select.value as MedClass, effect: (effect.get() || null) as MedEffect | null }) };
}

