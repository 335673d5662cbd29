// Step-by-step help when the microphone could not be had (docs/voice.md, "In the browser"):
// what went wrong, the steps for this device first, other devices folded below, the https
// address when the page is not secure — and that the person can stay with text chat. Built
// from i18n keys (a language switch re-translates it); the address is set as text.

import { h } from '../ui/dom';
import { modal, type Modal } from '../ui/dialog';
import { PLATFORMS, type MicProblem, type Platform } from './permissions';

/** How many steps each list has (keys `voice.guide.steps.<list>.s1…`). */
export const STEP_COUNT: Readonly<Record<Platform | 'no-device' | 'busy' | 'insecure' | 'unsupported', number>> = {
  ios: 4,
  android: 4,
  chrome: 4,
  edge: 4,
  firefox: 4,
  safari: 4,
  other: 3,
  'no-device': 3,
  busy: 3,
  insecure: 3,
  unsupported: 3,
};

/** The i18n keys of one list of steps. */
export function stepKeys(list: keyof typeof STEP_COUNT): string[] {
  return Array.from({ length: STEP_COUNT[list] }, (_, i) => `voice.guide.steps.${list}.s${i + 1}`);
}

/** Which list of steps a problem needs: browser settings (per platform) or its own. */
export function stepsFor(problem: MicProblem, platform: Platform): keyof typeof STEP_COUNT {
  return problem === 'denied' || problem === 'unknown' ? platform : problem;
}

export class GuidanceDialog {
  private readonly m: Modal;
  private readonly content: HTMLElement;

  constructor(private readonly onRetry: () => void) {
    this.m = modal({ title: 'voice.guide.title', testid: 'voice-guide', class: 'voice-guide' });
    this.content = h('div', { class: 'voice-guide-content' });
    this.m.body.append(this.content);
    const retry = h('button', {
      class: 'btn btn-secondary',
      i18n: 'voice.guide.retry',
      attrs: { type: 'button', 'data-testid': 'voice-guide-retry' },
      on: {
        click: () => {
          this.m.close();
          this.onRetry();
        },
      },
    });
    const close = h('button', {
      class: 'btn btn-primary',
      i18n: 'voice.guide.close',
      attrs: { type: 'button', 'data-testid': 'voice-guide-ok' },
      on: { click: () => this.m.close() },
    });
    this.m.footer.append(retry, close);
  }

  get el(): HTMLDialogElement {
    return this.m.el;
  }

  get isOpen(): boolean {
    return this.m.el.open;
  }

  open(problem: MicProblem, platform: Platform, httpsAddress: string | null): void {
    this.m.el.dataset.problem = problem;
    this.m.el.dataset.platform = platform;
    const list = stepsFor(problem, platform);
    const parts: HTMLElement[] = [
      h('p', { class: 'voice-guide-problem', i18n: `voice.guide.problem.${problem}`, attrs: { 'data-testid': 'voice-guide-problem' } }),
    ];
    const perPlatform = list === platform;
    if (perPlatform) {
      parts.push(h('h3', { class: 'voice-guide-device' }, [h('span', { i18n: 'voice.guide.yourDevice' }), h('span', { class: 'voice-guide-platform', i18n: `voice.guide.platform.${platform}` })]));
    }
    parts.push(steps(list));
    if (problem === 'insecure' && httpsAddress) {
      parts.push(
        h('p', { class: 'voice-guide-link' }, [
          h('span', { i18n: 'voice.guide.secureLink' }),
          h('a', { text: httpsAddress, attrs: { href: httpsAddress, 'data-testid': 'voice-guide-https' } }),
        ]),
      );
    }
    if (perPlatform) {
      const others = PLATFORMS.filter((p) => p !== platform && p !== 'other');
      parts.push(
        h('details', { class: 'voice-guide-others' }, [
          h('summary', { i18n: 'voice.guide.otherDevices' }),
          ...others.flatMap((p) => [h('h4', { i18n: `voice.guide.platform.${p}` }), steps(p)]),
        ]),
      );
    }
    parts.push(h('p', { class: 'voice-guide-still', i18n: 'voice.guide.stillHere', attrs: { role: 'note' } }));
    this.content.replaceChildren(...parts);
    this.m.open();
    (this.m.footer.querySelector('.btn-primary') as HTMLButtonElement | null)?.focus();
  }

  close(): void {
    this.m.close();
  }
}

function steps(list: keyof typeof STEP_COUNT): HTMLOListElement {
  return h('ol', { class: 'voice-guide-steps' }, stepKeys(list).map((k) => h('li', { i18n: k })));
}
