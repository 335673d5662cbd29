// Entry point: set up i18n, show the entry screen, then the world; back to the entry screen
// when the person leaves or the session ends.

import './styles.css';
import { WorldApp, type ExitReason } from './app';
import { initI18n } from './i18n';
import { Api } from './net/api';
import { EntryScreen } from './ui/entry';
import { browserStore, clearSession } from './ui/storage';

const NOTICE: Record<Exclude<ExitReason, null>, string> = {
  session_invalid: 'entry.sessionExpired',
  replaced: 'entry.replaced',
  version: 'entry.versionMismatch',
};

async function boot(): Promise<void> {
  await initI18n();
  const root = document.getElementById('app');
  if (!root) return;
  root.replaceChildren();
  const api = new Api();
  const store = browserStore();

  const showEntry = (notice?: string) => {
    const entry = new EntryScreen({
      api,
      store,
      ...(notice ? { notice } : {}),
      onEnter: (result) => {
        entry.dispose();
        new WorldApp(root, {
          session: result.session,
          store,
          thumbs: result.thumbs,
          vrm: result.vrm,
          rules: result.rules,
          api,
          onExit: (reason) => {
            if (reason === 'session_invalid') clearSession(store);
            showEntry(reason ? NOTICE[reason] : undefined);
          },
        });
      },
    });
    root.append(entry.el);
    entry.mounted();
  };
  showEntry();
}

void boot();
