// Entry point: set up i18n, ask the server who this browser is (GET /api/session: the
// HttpOnly cookie decides), then show the entry screen, the world, or — after a ban or a kick —
// a calm full-screen message. Back to the entry screen when the person leaves.
//
// Routes: `#/login` opens the sign-in dialog on the entry screen; `#/admin` opens the staff
// pages there for moderators and admins.

import './styles.css';
import { type ExitReason, WorldApp } from './app';
import { initI18n } from './i18n';
import { Api } from './net/api';
import type { SessionBody } from './net/messages';
import { EntryScreen } from './ui/entry';
import { bannedScreen, kickedScreen } from './ui/screens';
import { browserStore, clearBanned, forgetLegacySession, markBanned, wasBanned } from './ui/storage';

/** What the entry screen says when the person comes back to it. */
const NOTICE: Partial<Record<Exclude<ExitReason, null>, string>> = {
  session_invalid: 'entry.sessionExpired',
  replaced: 'entry.replaced',
  version: 'entry.versionMismatch',
  signed_out: 'entry.signedOut',
  deleted: 'entry.deleted',
};

async function boot(): Promise<void> {
  await initI18n();
  const root = document.getElementById('app');
  if (!root) return;
  root.replaceChildren();
  const api = new Api();
  const store = browserStore();
  forgetLegacySession(store);

  let screen: { dispose(): void } | null = null;
  const clearScreen = () => {
    screen?.dispose();
    screen = null;
  };

  const showBanned = () => {
    markBanned(store);
    clearScreen();
    const s = bannedScreen(() => {
      // The flag is only a memory for this page; the server decides when the person tries.
      clearBanned(store);
      void showEntry();
    });
    screen = s;
    root.append(s.el);
    s.mounted();
  };

  const showKicked = () => {
    clearScreen();
    const s = kickedScreen(() => void showEntry());
    screen = s;
    root.append(s.el);
    s.mounted();
  };

  const onSession = (_s: SessionBody) => clearBanned(store);

  const showWorld = (result: Parameters<ConstructorParameters<typeof EntryScreen>[0]['onEnter']>[0]) => {
    clearScreen();
    const world = new WorldApp(root, {
      me: result.me,
      store,
      thumbs: result.thumbs,
      vrm: result.vrm,
      rules: result.rules,
      api,
      onExit: (reason) => {
        screen = null;
        if (reason === 'banned') return showBanned();
        if (reason === 'kicked') return showKicked();
        void showEntry(reason ? NOTICE[reason] : undefined);
      },
    });
    screen = world;
  };

  const showEntry = async (notice?: string, route = ''): Promise<void> => {
    clearScreen();
    const known = await api.session();
    const session = known.ok ? known.value : null;
    // A ban deletes the sessions (the server then answers 403 banned for that device): the flag
    // shows the banned screen again on reload; "check again" clears it and lets the person try,
    // and the server refuses a new guest session with its own message.
    if (!session && wasBanned(store) && known.ok === false && known.failure.kind === 'rejected') return showBanned();
    if (session) clearBanned(store);
    const entry = new EntryScreen({
      api,
      store,
      known: session,
      ...(notice ? { notice } : {}),
      signIn: route === '#/login',
      admin: route === '#/admin',
      onEnter: (result) => showWorld(result),
      onSession,
      onBanned: () => markBanned(store),
    });
    screen = entry;
    root.append(entry.el);
    entry.mounted();
  };

  await showEntry(undefined, location.hash);
}

void boot();
