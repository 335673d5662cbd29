import { describe, expect, it } from 'vitest';
import { withUnit } from './aggregateView';

describe('withUnit', () => {
  it.each([
    ['1-3', { ja: '日', en: 'days' }, { ja: '1〜3日', en: '1–3 days' }],
    ['0', { ja: '日', en: 'days' }, { ja: '0日', en: '0 days' }],
    ['15-31', { ja: '日' }, { ja: '15〜31日', en: '15–31' }],
  ])('%s', (value, unit, want) => expect(withUnit(value, unit)).toEqual(want));
});
