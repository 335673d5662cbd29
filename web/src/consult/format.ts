// Text made from consultation data: wait times, topic and outcome labels, and the note the
// patient keeps as a .txt file. Pure: the translation function and the date format come in as
// arguments, so format.test.ts checks them without a browser.

import { type Outcome, TOPICS, type Topic } from './wire';

export type Translate = (key: string, params?: Record<string, unknown>) => string;

/** `consult.topics.<topic>`; a topic this client does not know reads as "other". */
export function topicKey(topic: string): string {
  return `consult.topics.${(TOPICS as readonly string[]).includes(topic) ? (topic as Topic) : 'other'}`;
}

/** `consult.outcomes.<kind>`, or `consult.outcomes.none` when there was none (ended early). */
export function outcomeKey(outcome: Outcome | null): string {
  return `consult.outcomes.${outcome ? outcome.kind : 'none'}`;
}

/** A wait as people say it: "45秒", "3分05秒", "1時間02分". */
export function waitText(seconds: number, t: Translate): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return t('consult.wait.seconds', { s });
  if (s < 3600) return t('consult.wait.minutes', { m: Math.floor(s / 60), s: String(s % 60).padStart(2, '0') });
  return t('consult.wait.hours', { h: Math.floor(s / 3600), m: String(Math.floor((s % 3600) / 60)).padStart(2, '0') });
}

/** The lines that say what the outcome means (the referral's details included). */
export function outcomeLines(outcome: Outcome | null, t: Translate): string[] {
  const lines = [t(outcomeKey(outcome))];
  if (outcome?.kind === 'own_clinic') {
    lines.push(t('consult.file.clinic', { name: outcome.clinic_name }), t('consult.file.contact', { contact: outcome.clinic_contact }));
  } else if (outcome?.kind === 'online') {
    lines.push(t('consult.file.link', { link: outcome.link }));
  }
  return lines;
}

/** What a kept note holds (the `ended` status, or one of `GET /api/me/consultations`). */
export interface NoteRecord {
  ended_ms: number;
  clinician: string;
  topic: string;
  outcome: Outcome | null;
  note: string | null;
}

/** The note as a plain text file, in the current language. */
export function noteText(n: NoteRecord, t: Translate, formatDate: (ms: number) => string): string {
  const [outcome, ...details] = outcomeLines(n.outcome, t);
  return [
    t('consult.file.heading'),
    '',
    t('consult.file.date', { date: formatDate(n.ended_ms) }),
    t('consult.file.clinician', { name: n.clinician }),
    ...(n.topic ? [t('consult.file.topic', { topic: t(topicKey(n.topic)) })] : []),
    t('consult.file.outcome', { outcome }),
    ...details.map((d) => `  ${d}`),
    '',
    t('consult.file.note'),
    n.note ?? t('consult.file.noNote'),
    '',
    t('consult.file.disclaimer'),
    '',
  ].join('\n');
}

/** `tsunagu-consultation-YYYY-MM-DD.txt` (the local date the consultation ended). */
export function noteFilename(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `tsunagu-consultation-${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}.txt`;
}
