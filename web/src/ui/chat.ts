// The chat panel: history from `joined`, live `chat` messages, join/leave notices, and an input
// of at most 500 characters. On a phone it is a sheet opened from the chat button.
// Message text and names go in as textContent only. Lines of people one muted or blocked are
// kept but not shown (`hides`), so an unmute brings them back; a line's author (face or name)
// opens their person card.

import { lang, t } from '../i18n';
import { shownName } from '../lounge/anonymous';
import { CHAT_MAX_CHARS, type ChatMessage, chatLength } from '../net/messages';
import { clear, h, uid } from './dom';
import { faceEl } from './face';
import { uiIcon } from './icons';

const MAX_ITEMS = 200;

export interface ChatOptions {
  /** Sends the text; false when it could not go out (offline). */
  onSend(text: string): boolean;
  /** The avatar pictures, by avatar id (may be empty). */
  thumbs: readonly string[];
  onOpenChange?(open: boolean): void;
  /** Whether lines from this author are hidden (muted or blocked). */
  hides?(from: number): boolean;
  /** The author of a line was clicked. */
  onAuthor?(msg: ChatMessage): void;
}

type Item = ({ kind: 'msg'; msg: ChatMessage } | { kind: 'notice'; key: string; name: string }) & { el?: HTMLElement | null };

export class ChatPanel {
  readonly el: HTMLElement;
  readonly toggle: HTMLButtonElement;
  private readonly log: HTMLOListElement;
  private readonly input: HTMLInputElement;
  private readonly counter: HTMLSpanElement;
  private readonly hint: HTMLParagraphElement;
  private readonly badge: HTMLSpanElement;
  private readonly empty: HTMLLIElement;
  private unread = 0;
  private isOpen = false;
  private online = false;
  private messages: Item[] = [];

  constructor(private readonly opts: ChatOptions) {
    const headingId = uid('chat-heading');
    const inputId = uid('chat-input');
    this.log = h('ol', {
      class: 'chat-log',
      attrs: { role: 'log', 'aria-live': 'polite', 'aria-relevant': 'additions', tabindex: 0, 'data-testid': 'chat-log' },
      i18nAria: 'chat.log',
    });
    this.empty = h('li', { class: 'chat-empty', i18n: 'chat.empty' });
    this.log.append(this.empty);
    this.input = h('input', {
      class: 'chat-input',
      i18nPlaceholder: 'chat.placeholder',
      attrs: {
        id: inputId,
        type: 'text',
        maxlength: CHAT_MAX_CHARS,
        autocomplete: 'off',
        enterkeyhint: 'send',
        'data-testid': 'chat-input',
      },
    });
    this.counter = h('span', { class: 'chat-counter', attrs: { 'aria-hidden': 'true' } });
    this.hint = h('p', { class: 'chat-hint', attrs: { 'aria-live': 'polite' } });
    const send = h('button', { class: 'btn btn-primary btn-icon', i18nAria: 'chat.send', attrs: { type: 'submit', 'data-testid': 'chat-send' } }, [
      uiIcon('send'),
    ]);
    const form = h('form', { class: 'chat-form', on: { submit: (e) => this.submit(e) } }, [
      h('label', { class: 'sr-only', i18n: 'chat.inputLabel', attrs: { for: inputId } }),
      this.input,
      this.counter,
      send,
    ]);
    this.input.addEventListener('input', () => this.updateCounter());
    this.input.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') this.input.blur();
    });
    const close = h('button', { class: 'btn btn-ghost btn-icon chat-close', i18nAria: 'chat.close', attrs: { type: 'button' }, on: { click: () => this.setOpen(false) } }, [
      uiIcon('close'),
    ]);
    this.el = h('section', { class: 'panel chat-panel', attrs: { 'aria-labelledby': headingId, 'data-testid': 'chat-panel' } }, [
      h('header', { class: 'panel-header' }, [h('h2', { i18n: 'chat.heading', attrs: { id: headingId } }), close]),
      this.log,
      this.hint,
      form,
    ]);
    this.badge = h('span', { class: 'badge', attrs: { 'aria-hidden': 'true' } });
    this.badge.hidden = true;
    this.toggle = h(
      'button',
      {
        class: 'btn btn-round chat-toggle',
        i18nAria: 'chat.open',
        attrs: { type: 'button', 'aria-expanded': 'false', 'data-testid': 'chat-toggle' },
        on: { click: () => this.setOpen(!this.isOpen) },
      },
      [uiIcon('chat'), h('span', { class: 'btn-label', i18n: 'hud.chat' }), this.badge],
    );
    this.updateCounter();
    this.setOnline(false);
  }

  setOpen(open: boolean): void {
    this.isOpen = open;
    this.el.classList.toggle('open', open);
    this.toggle.setAttribute('aria-expanded', String(open));
    if (open) {
      this.unread = 0;
      this.updateBadge();
      this.scrollToEnd();
    }
    this.opts.onOpenChange?.(open);
  }

  get open(): boolean {
    return this.isOpen;
  }

  focusInput(): void {
    this.input.focus();
  }

  setOnline(online: boolean): void {
    this.online = online;
    this.hint.textContent = online ? '' : t('chat.offline');
  }

  private updateCounter(): void {
    this.counter.textContent = t('chat.counter', { count: chatLength(this.input.value), max: CHAT_MAX_CHARS });
  }

  private submit(e: Event): void {
    e.preventDefault();
    const text = this.input.value.trim();
    if (chatLength(text) === 0) return;
    if (!this.online || !this.opts.onSend(text)) {
      this.hint.textContent = t('chat.offline');
      return;
    }
    this.input.value = '';
    this.updateCounter();
  }

  setHistory(history: readonly ChatMessage[]): void {
    this.messages = history.map((msg) => ({ kind: 'msg' as const, msg }));
    this.redraw();
    this.scrollToEnd();
  }

  add(msg: ChatMessage): void {
    this.push({ kind: 'msg', msg });
    if (this.opts.hides?.(msg.from)) return;
    if (!this.isOpen) {
      this.unread++;
      this.updateBadge();
    }
  }

  notice(key: 'world.joinedNotice' | 'world.leftNotice' | 'lounge.chatNotice', name: string): void {
    this.push({ kind: 'notice', key, name });
  }

  private push(item: Item): void {
    this.messages.push(item);
    const stick = this.log.scrollHeight - this.log.scrollTop - this.log.clientHeight < 40;
    item.el = this.render(item);
    if (item.el) this.log.append(item.el);
    this.updateEmpty();
    while (this.messages.length > MAX_ITEMS) this.messages.shift()?.el?.remove();
    if (stick) this.scrollToEnd();
  }

  private updateEmpty(): void {
    this.empty.hidden = this.messages.some((m) => m.el);
  }

  private updateBadge(): void {
    this.badge.hidden = this.unread === 0;
    this.badge.textContent = this.unread > 99 ? '99+' : String(this.unread);
  }

  private scrollToEnd(): void {
    this.log.scrollTop = this.log.scrollHeight;
  }

  private render(item: Item): HTMLLIElement | null {
    if (item.kind === 'msg' && this.opts.hides?.(item.msg.from)) return null;
    if (item.kind === 'notice') {
      return h('li', { class: 'chat-notice', text: t(item.key, { name: item.name }), attrs: { 'data-key': item.key, 'data-name': item.name } });
    }
    const m = item.msg;
    const time = new Date(m.ts);
    const valid = Number.isFinite(time.getTime());
    const timeText = valid
      ? new Intl.DateTimeFormat(lang() === 'ja' ? 'ja-JP' : 'en-GB', { hour: '2-digit', minute: '2-digit' }).format(time)
      : '';
    const open = () => this.opts.onAuthor?.(m);
    // an anonymous label (the doctors' lounge) in the current language: 医師A / Doctor A
    const name = shownName(m.name, m.anonymous === true, t);
    // the face is the big (44 px) target; the name is a second, keyboard-skipped way in
    const face = h(
      'button',
      {
        class: 'chat-author',
        attrs: { type: 'button', 'aria-label': t('chat.author', { name }), 'aria-haspopup': 'dialog', 'data-testid': 'chat-author' },
        on: { click: open },
      },
      [faceEl(this.opts.thumbs, m.avatar, 'chat-face')],
    );
    return h('li', { class: 'chat-msg', attrs: { 'data-from': m.from, 'data-id': m.id } }, [
      face,
      h('div', { class: 'chat-body' }, [
        h('div', { class: 'chat-meta' }, [
          h('button', { class: 'chat-name', text: name, attrs: { type: 'button', tabindex: -1, 'aria-hidden': 'true' }, on: { click: open } }),
          h('time', { class: 'chat-time', text: timeText, attrs: { datetime: valid ? time.toISOString() : undefined } }),
        ]),
        h('p', { class: 'chat-text', text: m.text }),
      ]),
    ]);
  }

  /** Re-renders text that depends on the language (notices, times). */
  relabel(): void {
    this.redraw();
    this.setOnline(this.online);
    this.updateCounter();
  }

  /** Draws the lines again (after a mute or block changed, or the language). */
  redraw(): void {
    const stick = this.log.scrollHeight - this.log.scrollTop - this.log.clientHeight < 40;
    clear(this.log);
    this.log.append(this.empty);
    for (const item of this.messages) {
      item.el = this.render(item);
      if (item.el) this.log.append(item.el);
    }
    this.updateEmpty();
    if (stick) this.scrollToEnd();
  }
}
