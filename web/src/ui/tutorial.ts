// The three-step first-visit tutorial (move, talk, get help). Skippable; once skipped or
// finished it is not shown again (storage.ts keeps the flag).

import { t } from '../i18n';
import { h, uid } from './dom';
import { emoteIcon, uiIcon } from './icons';

type Step = 'move' | 'talk' | 'help';
const STEPS: Step[] = ['move', 'talk', 'help'];

export class Tutorial {
  readonly el: HTMLDialogElement;
  private step = 0;
  private readonly title: HTMLHeadingElement;
  private readonly body: HTMLParagraphElement;
  private readonly art: HTMLDivElement;
  private readonly progress: HTMLSpanElement;
  private readonly dots: HTMLSpanElement[];
  private readonly back: HTMLButtonElement;
  private readonly next: HTMLButtonElement;

  constructor(private readonly touch: boolean, private readonly onFinish: (how: 'skip' | 'done') => void) {
    const titleId = uid('tutorial-title');
    const bodyId = uid('tutorial-body');
    this.title = h('h2', { attrs: { id: titleId } });
    this.body = h('p', { attrs: { id: bodyId } });
    this.art = h('div', { class: 'tutorial-art', attrs: { 'aria-hidden': 'true' } });
    this.progress = h('span', { class: 'sr-only' });
    this.dots = STEPS.map(() => h('span', { class: 'dot' }));
    this.back = h('button', { class: 'btn btn-secondary', i18n: 'tutorial.back', attrs: { type: 'button' }, on: { click: () => this.go(this.step - 1) } });
    this.next = h('button', { class: 'btn btn-primary', attrs: { type: 'button', 'data-testid': 'tutorial-next' }, on: { click: () => this.advance() } });
    this.el = h('dialog', { class: 'dialog tutorial', attrs: { 'aria-labelledby': titleId, 'aria-describedby': bodyId, 'data-testid': 'tutorial' } }, [
      h('div', { class: 'tutorial-top' }, [
        h('span', { class: 'tutorial-label', i18n: 'tutorial.label' }),
        h('button', { class: 'btn btn-link', i18n: 'tutorial.skip', attrs: { type: 'button', 'data-testid': 'tutorial-skip' }, on: { click: () => this.finish('skip') } }),
      ]),
      this.art,
      this.title,
      this.body,
      h('div', { class: 'tutorial-dots', attrs: { 'aria-hidden': 'true' } }, this.dots),
      this.progress,
      h('footer', { class: 'dialog-actions' }, [this.back, this.next]),
    ]);
    // Escape counts as skipping: the guide must never trap anyone.
    this.el.addEventListener('cancel', (e) => {
      e.preventDefault();
      this.finish('skip');
    });
  }

  open(): void {
    this.go(0);
    if (!this.el.open) this.el.showModal();
    this.next.focus();
  }

  private advance(): void {
    if (this.step >= STEPS.length - 1) this.finish('done');
    else this.go(this.step + 1);
  }

  private finish(how: 'skip' | 'done'): void {
    if (this.el.open) this.el.close();
    this.onFinish(how);
  }

  private go(i: number): void {
    this.step = Math.max(0, Math.min(STEPS.length - 1, i));
    this.render();
  }

  render(): void {
    const s = STEPS[this.step] as Step;
    this.el.dataset.step = s;
    this.title.textContent = t(`tutorial.${s}.title`);
    this.body.textContent = s === 'move' ? t(this.touch ? 'tutorial.move.bodyTouch' : 'tutorial.move.bodyPc') : t(`tutorial.${s}.body`);
    this.progress.textContent = t('tutorial.progress', { step: this.step + 1, total: STEPS.length });
    this.dots.forEach((d, i) => d.classList.toggle('on', i === this.step));
    this.back.hidden = this.step === 0;
    this.next.textContent = t(this.step === STEPS.length - 1 ? 'tutorial.done' : 'tutorial.next');
    this.art.replaceChildren(...this.artFor(s));
  }

  private artFor(s: Step): Node[] {
    if (s === 'move') {
      if (this.touch) return [h('div', { class: 'art-stick' }, [h('span', { class: 'art-knob' })])];
      return [
        h('div', { class: 'art-keys' }, [
          h('kbd', { text: 'W' }),
          h('div', { class: 'art-row' }, [h('kbd', { text: 'A' }), h('kbd', { text: 'S' }), h('kbd', { text: 'D' })]),
        ]),
      ];
    }
    if (s === 'talk') return [h('div', { class: 'art-talk' }, [uiIcon('chat'), emoteIcon('wave'), emoteIcon('heart')])];
    return [h('div', { class: 'art-help' }, [uiIcon('help')])];
  }
}
