import { describe, expect, it } from 'vitest';
import { type Answers, type Survey, aggregateRows, asAggregate, binHolds, asSurvey, asSurveySummary, isVisible, pruneAnswers, validateAnswers, visibleQuestions } from './survey';

const DEF = {
  survey: {
    id: 'epi',
    version: 2,
    title: { ja: '頭痛の実態調査', en: 'Headache survey' },
    description: { ja: '説明', en: 'About' },
    questions: [
      { id: 'age', kind: 'single', text: { ja: '年代', en: 'Age' }, required: true, options: [{ value: '20s', label: { ja: '20代', en: '20s' } }, { value: '30s', label: { ja: '30代', en: '30s' } }], quasi_identifier: 'age_band' },
      { id: 'has_headache', kind: 'single', text: { ja: '頭痛はありますか', en: 'Headaches?' }, required: true, options: ['yes', 'no'] },
      { id: 'days', kind: 'number', text: { ja: '月の日数', en: 'Days a month' }, min: 0, max: 31, required: true, show_if: { question: 'has_headache', equals: 'yes' } },
      { id: 'impact', kind: 'multi', text: { ja: '影響', en: 'Impact' }, options: ['school', 'work', 'home'], show_if: { question: 'has_headache', equals: 'yes' } },
      { id: 'work_days', kind: 'number', text: { ja: '休んだ日', en: 'Days off' }, min: 0, max: 31, show_if: { question: 'impact', equals: 'work' } },
      { id: 'pain', kind: 'scale', text: { ja: 'つらさ', en: 'Burden' }, min: 1, max: 5, min_label: { ja: '軽い', en: 'light' }, max_label: { ja: '重い', en: 'heavy' } },
      { id: 'comment', kind: 'text', text: { ja: 'ひとこと', en: 'Comment' } },
      { id: 'broken', kind: 'single', text: 'no options' },
      { id: 'weird', kind: 'slider', text: 'unknown kind' },
    ],
  },
};

const survey = asSurvey(DEF) as Survey;

describe('asSurvey', () => {
  it('reads the definition, keeps known kinds, drops broken questions', () => {
    expect(survey.id).toBe('epi');
    expect(survey.version).toBe(2);
    expect(survey.questions.map((q) => q.id)).toEqual(['age', 'has_headache', 'days', 'impact', 'work_days', 'pain', 'comment']);
    expect(survey.questions[1]?.options).toEqual([
      { value: 'yes', label: { ja: 'yes', en: 'yes' } },
      { value: 'no', label: { ja: 'no', en: 'no' } },
    ]);
    expect(survey.questions[5]).toMatchObject({ min: 1, max: 5, minLabel: { ja: '軽い', en: 'light' } });
    expect(survey.questions[2]?.showIf).toEqual({ question: 'has_headache', equals: 'yes' });
  });

  it('reads the consent, members_only, scale labels in their forms, and a text limit', () => {
    const s = asSurvey({
      id: 'fb',
      consent: { ja: '同意', en: 'Consent' },
      members_only: true,
      questions: [
        { id: 'a', kind: 'scale', min: 1, max: 5, labels: [{ ja: '低', en: 'low' }, { ja: '中', en: 'mid' }, { ja: '高', en: 'high' }] },
        { id: 'b', kind: 'scale', min: 1, max: 5, labels: { min: { ja: '低', en: 'low' }, max: { ja: '高', en: 'high' } } },
        { id: 'c', kind: 'text', max_length: 200 },
      ],
    }) as Survey;
    expect(s.consent).toEqual({ ja: '同意', en: 'Consent' });
    expect(s.membersOnly).toBe(true);
    expect([s.questions[0]?.minLabel?.en, s.questions[0]?.maxLabel?.en]).toEqual(['low', 'high']);
    expect([s.questions[1]?.minLabel?.en, s.questions[1]?.maxLabel?.en]).toEqual(['low', 'high']);
    expect(s.questions[2]?.maxLength).toBe(200);
    expect(validateAnswers(s, { c: 'x'.repeat(201) })).toEqual({ c: 'bank.survey.errors.tooLong' });
    expect(survey.consent).toBeNull();
    expect(survey.membersOnly).toBe(false);
  });

  it('reads a bare definition too, and refuses one without questions', () => {
    expect(asSurvey(DEF.survey)?.id).toBe('epi');
    expect(asSurvey({ id: 'x' })).toBeNull();
    expect(asSurvey(null)).toBeNull();
  });

  it('reads list items', () => {
    expect(asSurveySummary({ id: 'epi', version: 3, title: 'T', answered: true })).toMatchObject({ id: 'epi', version: 3, answered: true, title: { ja: 'T', en: 'T' } });
    expect(asSurveySummary({ version: 3 })).toBeNull();
  });
});

describe('show_if', () => {
  const shown = (answers: Answers) => visibleQuestions(survey, answers).map((q) => q.id);

  it.each([
    ['nothing answered', {}, ['age', 'has_headache', 'pain', 'comment']],
    ['headaches: yes', { has_headache: 'yes' }, ['age', 'has_headache', 'days', 'impact', 'pain', 'comment']],
    ['headaches: no', { has_headache: 'no' }, ['age', 'has_headache', 'pain', 'comment']],
    ['impact includes work (multi)', { has_headache: 'yes', impact: ['school', 'work'] }, ['age', 'has_headache', 'days', 'impact', 'work_days', 'pain', 'comment']],
    ['impact without work', { has_headache: 'yes', impact: ['school'] }, ['age', 'has_headache', 'days', 'impact', 'pain', 'comment']],
    ['a chain: work chosen but headaches now "no" hides both', { has_headache: 'no', impact: ['work'] }, ['age', 'has_headache', 'pain', 'comment']],
  ] as const)('%s', (_name, answers, want) => {
    expect(shown(answers as Answers)).toEqual(want);
  });

  it('compares numbers and booleans by their text', () => {
    const s = asSurvey({
      id: 's',
      questions: [
        { id: 'n', kind: 'number' },
        { id: 'b', kind: 'single', options: ['true', 'false'] },
        { id: 'if_n', kind: 'text', show_if: { question: 'n', equals: 3 } },
        { id: 'if_b', kind: 'text', show_if: { question: 'b', equals: true } },
      ],
    }) as Survey;
    expect(isVisible(s, s.questions[2]!, { n: 3 })).toBe(true);
    expect(isVisible(s, s.questions[2]!, { n: 4 })).toBe(false);
    expect(isVisible(s, s.questions[3]!, { b: 'true' })).toBe(true);
  });

  it('hides questions in a cycle instead of looping', () => {
    const s = asSurvey({
      id: 's',
      questions: [
        { id: 'a', kind: 'text', show_if: { question: 'b', equals: 'x' } },
        { id: 'b', kind: 'text', show_if: { question: 'a', equals: 'x' } },
      ],
    }) as Survey;
    expect(visibleQuestions(s, { a: 'x', b: 'x' })).toEqual([]);
  });

  it('a condition on a question that does not exist hides the question', () => {
    const s = asSurvey({ id: 's', questions: [{ id: 'a', kind: 'text', show_if: { question: 'zz', equals: 'x' } }] }) as Survey;
    expect(visibleQuestions(s, {})).toEqual([]);
  });
});

describe('pruneAnswers', () => {
  it('drops answers of hidden questions and empty answers, trims text', () => {
    const answers: Answers = { age: '20s', has_headache: 'no', days: 12, impact: ['work'], work_days: 3, pain: 4, comment: '  ありがとう  ' };
    expect(pruneAnswers(survey, answers)).toEqual({ age: '20s', has_headache: 'no', pain: 4, comment: 'ありがとう' });
    expect(pruneAnswers(survey, { age: '', impact: [], comment: '   ', pain: Number.NaN })).toEqual({});
  });
});

describe('validateAnswers', () => {
  it('asks for required answers of shown questions only', () => {
    expect(validateAnswers(survey, {})).toEqual({ age: 'bank.survey.errors.required', has_headache: 'bank.survey.errors.required' });
    expect(validateAnswers(survey, { age: '20s', has_headache: 'yes' })).toEqual({ days: 'bank.survey.errors.required' });
    expect(validateAnswers(survey, { age: '20s', has_headache: 'no' })).toEqual({});
  });

  it.each([
    ['an unknown option', { age: '90s', has_headache: 'no' }, { age: 'bank.survey.errors.choose' }],
    ['an unknown option among several', { age: '20s', has_headache: 'yes', days: 3, impact: ['work', 'play'] }, { impact: 'bank.survey.errors.choose' }],
    ['a number over max', { age: '20s', has_headache: 'yes', days: 32 }, { days: 'bank.survey.errors.range' }],
    ['a scale under min', { age: '20s', has_headache: 'no', pain: 0 }, { pain: 'bank.survey.errors.range' }],
    ['text over 500 characters', { age: '20s', has_headache: 'no', comment: 'x'.repeat(501) }, { comment: 'bank.survey.errors.tooLong' }],
    ['a number given as text', { age: '20s', has_headache: 'yes', days: '3' }, { days: 'bank.survey.errors.number' }],
    ['a number that is not whole', { age: '20s', has_headache: 'yes', days: 2.5 }, { days: 'bank.survey.errors.number' }],
  ] as const)('%s', (_name, answers, want) => {
    expect(validateAnswers(survey, answers as unknown as Answers)).toEqual(want);
  });
});

describe('aggregate', () => {
  it('reads counts and suppressed values; numbers as text', () => {
    const agg = asAggregate({ n: 25, k: 10, questions: { age: { kind: 'single', counts: { '20s': 14, bad: -1 }, suppressed: ['30s'] }, days: { kind: 'number', counts: { '4': 12 }, suppressed: [0, 30] } } });
    expect(agg).toEqual({ n: 25, k: 10, allSuppressed: false, questions: { age: { kind: 'single', counts: { '20s': 14 }, suppressed: ['30s'] }, days: { kind: 'number', counts: { '4': 12 }, suppressed: ['0', '30'] } } });
  });

  it('says when nothing can be shown yet', () => {
    expect(asAggregate({ n_suppressed: true })).toEqual({ n: null, k: null, allSuppressed: true, questions: {} });
  });

  it('rows follow the options; a suppressed row has no number and no bar; mine is marked', () => {
    const agg = asAggregate({ n: 40, k: 10, questions: { age: { kind: 'single', counts: { '20s': 30 }, suppressed: ['30s'] } } })!;
    const rows = aggregateRows(survey.questions[0]!, agg, '30s');
    expect(rows).toEqual([
      { value: '20s', label: { ja: '20代', en: '20s' }, count: 30, share: 0.75, mine: false },
      { value: '30s', label: { ja: '30代', en: '30s' }, count: null, share: 0, mine: true },
    ]);
  });

  it('an option nobody chose and nobody suppressed shows 0; values of older versions are added at the end', () => {
    const agg = asAggregate({ n: 20, questions: { impact: { kind: 'multi', counts: { work: 12, sports: 10 }, suppressed: ['school'] } } })!;
    const rows = aggregateRows(survey.questions[3]!, agg, ['work', 'home']);
    expect(rows.map((r) => [r.value, r.count, r.mine])).toEqual([
      ['school', null, false],
      ['work', 12, true],
      ['home', 0, true],
      ['sports', 10, false],
    ]);
  });

  it('number and scale values are in numeric order', () => {
    const agg = asAggregate({ n: 60, questions: { days: { kind: 'number', counts: { '10-14': 10, '0': 20, '4-9': 20 }, suppressed: ['15+'] } } })!;
    expect(aggregateRows(survey.questions[2]!, agg, 5).map((r) => r.value)).toEqual(['0', '4-9', '10-14', '15+']);
  });

  it('a number answer marks the bin that holds it', () => {
    const agg = asAggregate({ n: 60, questions: { days: { kind: 'number', counts: { '0': 20, '1-3': 12, '4-7': 18, '8-14': 10 }, suppressed: ['15-31'] } } })!;
    expect(aggregateRows(survey.questions[2]!, agg, 5).filter((r) => r.mine).map((r) => r.value)).toEqual(['4-7']);
    expect(aggregateRows(survey.questions[2]!, agg, 20).filter((r) => r.mine).map((r) => r.value)).toEqual(['15-31']);
    expect(aggregateRows(survey.questions[2]!, agg, 0).filter((r) => r.mine).map((r) => r.value)).toEqual(['0']);
    expect(binHolds('x-y', 3)).toBe(false);
  });

  it('no rows for a question the aggregate leaves out (free text)', () => {
    const agg = asAggregate({ n: 60, questions: {} })!;
    expect(aggregateRows(survey.questions[6]!, agg, 'hello')).toEqual([]);
  });
});
