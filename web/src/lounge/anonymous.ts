// Anonymous labels of the doctors' lounge (docs/protocol.md, "Doctors' lounge"): the server
// sends one name for an anonymous member, "医師" and letters (医師A, 医師B …, 医師AA), with JOIN
// flag bit 4; the client shows it in the current language ("Doctor A"). Pure logic.

/** JOIN flag bit 4: the name is an anonymous label, and no badge rides with it. */
export const FLAG_ANONYMOUS = 1 << 4;

/** Avatar ids from here up are aliases of anonymous members, never user ids (realtime/anonymous_roster.h). */
export const ALIAS_BASE = 0xf000_0000;

/** An anonymous member's alias: nobody can be muted, blocked or reported by it. */
export function isAliasId(id: number): boolean {
  return id >= ALIAS_BASE;
}

/** The server's word before the letters of a label. */
const LABEL_PREFIX = '医師';
const LETTERS = /^[A-Z]{1,4}$/;

/** The letters of a label ("A" of "医師A"), or null when `name` is not one. */
export function labelLetters(name: string): string | null {
  if (!name.startsWith(LABEL_PREFIX)) return null;
  const letters = name.slice(LABEL_PREFIX.length);
  return LETTERS.test(letters) ? letters : null;
}

type Translate = (key: string, params?: Record<string, unknown>) => string;

/**
 * The name to show: an anonymous member's label in the current language, anyone else's name as
 * it is. `anonymous` comes from the JOIN flags or the chat line, never from the name alone, so a
 * display name cannot pass itself off as a label.
 */
export function shownName(name: string, anonymous: boolean, t: Translate): string {
  if (!anonymous) return name;
  const letters = labelLetters(name);
  return letters ? t('lounge.label', { letters }) : name;
}

/** Whether a JOIN record's flags mark an anonymous label. */
export function isAnonymous(flags: number): boolean {
  return (flags & FLAG_ANONYMOUS) !== 0;
}
