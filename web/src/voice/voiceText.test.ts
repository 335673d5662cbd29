// Every voice text the code builds from data exists in both languages.
import { describe, expect, it } from 'vitest';
import { en } from '../i18n/en';
import { ja } from '../i18n/ja';
import { STEP_COUNT, stepKeys, stepsFor } from './guidance';
import { MIC_PROBLEMS, PLATFORMS } from './permissions';
import type { MicState, VoiceNotice } from './session';

function get(obj: unknown, key: string): unknown {
  return key.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), obj);
}

const STATES: MicState[] = ['off', 'starting', 'on', 'muted-by-moderator', 'unavailable', 'denied'];
const TOASTS: Exclude<VoiceNotice, 'mic-error'>[] = ['moderated', 'allowed', 'unavailable', 'back', 'failed'];

const keys = [
  ...STATES.flatMap((s) => [`voice.state.${s}`, `voice.aria.${s}`]),
  ...TOASTS.map((n) => `voice.notice.${n}`),
  'voice.notice.micOn',
  ...MIC_PROBLEMS.map((p) => `voice.guide.problem.${p}`),
  ...PLATFORMS.map((p) => `voice.guide.platform.${p}`),
  ...(Object.keys(STEP_COUNT) as Array<keyof typeof STEP_COUNT>).flatMap((l) => stepKeys(l)),
];

describe('voice texts', () => {
  it.each(keys)('%s', (key) => {
    expect(typeof get(ja, key)).toBe('string');
    expect(typeof get(en, key)).toBe('string');
  });

  it('step lists have no more steps than STEP_COUNT says', () => {
    for (const [list, n] of Object.entries(STEP_COUNT)) {
      expect(Object.keys(get(ja, `voice.guide.steps.${list}`) as object)).toHaveLength(n);
      expect(Object.keys(get(en, `voice.guide.steps.${list}`) as object)).toHaveLength(n);
    }
  });

  it.each([
    ['denied', 'ios', 'ios'],
    ['unknown', 'firefox', 'firefox'],
    ['no-device', 'ios', 'no-device'],
    ['insecure', 'chrome', 'insecure'],
    ['unsupported', 'android', 'unsupported'],
    ['busy', 'edge', 'busy'],
  ] as const)('a %s problem on %s shows the %s steps', (problem, platform, list) => {
    expect(stepsFor(problem, platform)).toBe(list);
  });
});
