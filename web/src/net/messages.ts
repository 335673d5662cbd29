// JSON control messages of docs/protocol.md (text WebSocket frames) and the HTTP API bodies.
//
// Server messages are untrusted input: `parseServerMessage` checks the shape of every field the
// client reads and returns null for anything else, so the rest of the client can rely on types.

export const PROTOCOL_VERSION = 1;

/** Text the server gives in several languages, e.g. a space name. */
export type Localized = Record<string, string>;

export const EMOTES = ['wave', 'clap', 'heart', 'laugh', 'thanks', 'question'] as const;
export type Emote = (typeof EMOTES)[number];

/** Error codes a client must expect in an `error` message (docs/protocol.md). */
export const SERVER_ERROR_CODES = [
  'rules_not_accepted',
  'permission_denied',
  'chat_filtered',
  'banned',
  'chat_invalid_utf8',
  'bad_message',
  'unknown_type',
  'not_joined',
  'unknown_space',
  'space_full',
  'chat_empty',
  'chat_too_long',
  'emote_unknown',
  'rate_limited',
  'already_hello',
  'binary_unexpected',
  'unknown_frame',
  'bad_frame',
  'unsupported_version',
] as const;
export type ServerErrorCode = (typeof SERVER_ERROR_CODES)[number];

export const CHAT_MAX_CHARS = 500;

export interface User {
  id: number;
  name: string;
  avatar: number;
}

/** Roles of docs/security.md ("deleted" is what is left of an erased account). */
export const ROLES = ['guest', 'member', 'clinician', 'trainee', 'facilitator', 'researcher', 'moderator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(v: string): v is Role {
  return (ROLES as readonly string[]).includes(v);
}

/** Moderators and admins see the staff pages (the server decides what they may really do). */
export function isStaff(role: string): boolean {
  return role === 'moderator' || role === 'admin';
}

/** The signed-in person, as the session JSON describes them (docs/protocol.md, "user"). */
export interface Me extends User {
  role: string;
  has_account: boolean;
  /** The rules version this person accepted last. */
  rules_version: number;
  login_id?: string;
  /** A verified clinician's own badge. */
  badge?: { specialty: string; name: string };
}

export interface SpaceSummary {
  id: string;
  name: Localized;
  kind: string;
  capacity: number;
  count: number;
}

export interface Portal {
  to: string;
  x: number;
  z: number;
  radius: number;
}

export interface Bounds {
  min_x: number;
  min_z: number;
  max_x: number;
  max_z: number;
}

export interface JoinedSpace {
  id: string;
  name: Localized;
  kind: string;
  scene: string;
  capacity: number;
  spawn: { x: number; y: number; z: number; yaw: number };
  bounds: Bounds;
  portals: Portal[];
}

export interface ChatMessage {
  type: 'chat';
  id: number;
  space: string;
  from: number;
  name: string;
  avatar: number;
  text: string;
  ts: number;
}

/** `welcome.you`: who the connection belongs to, with the badge flags drawn for them. */
export interface WelcomeYou extends User {
  role: string;
  flags: number;
}

export type ServerMessage =
  | { type: 'welcome'; v: number; you: WelcomeYou; rules_version: number; rules_accepted: boolean; spaces: SpaceSummary[] }
  | { type: 'joined'; space: JoinedSpace; history: ChatMessage[] }
  | ChatMessage
  | { type: 'emote'; from: number; emote: string }
  | { type: 'spaces'; spaces: SpaceSummary[] }
  | { type: 'pong'; t: number }
  | { type: 'warning'; message: string }
  | { type: 'reconnect'; space: string }
  | { type: 'error'; code: string; message: string };

export type ClientMessage =
  /** Browsers are known by their session cookie: no token in `hello`. */
  | { type: 'hello'; v: number }
  | { type: 'join'; space: string }
  | { type: 'chat'; text: string }
  | { type: 'emote'; emote: Emote }
  | { type: 'spaces' }
  | { type: 'ping'; t: number };

/** Body of an HTTP error answer. */
export interface ApiError {
  code: string;
  message: Localized;
}

export interface RulesBody {
  version: number;
  rules: Record<string, string[]>;
}

/**
 * What `POST /api/session`, `POST /api/login` and `GET /api/session` answer. The token is
 * also in the body but the client never keeps it: the HttpOnly cookie carries it.
 */
export interface SessionBody {
  csrf: string;
  user: Me;
  /** The current rules version. */
  rules_version: number;
}

// ---------------------------------------------------------------------------------------------
// Shape checks

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
export function isNum(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}
export function isStr(v: unknown): v is string {
  return typeof v === 'string';
}

/** A localized text; a plain string is accepted as the same text in every language. */
function asLocalized(v: unknown): Localized | null {
  if (isStr(v)) return { ja: v, en: v };
  if (!isObj(v)) return null;
  const out: Localized = {};
  for (const [k, s] of Object.entries(v)) if (isStr(s)) out[k] = s;
  return Object.keys(out).length > 0 ? out : null;
}

export function asUser(v: unknown): User | null {
  if (!isObj(v) || !isNum(v.id) || !isStr(v.name) || !isNum(v.avatar)) return null;
  return { id: v.id, name: v.name, avatar: v.avatar };
}

export function asMe(v: unknown): Me | null {
  const user = asUser(v);
  if (!user || !isObj(v)) return null;
  const me: Me = {
    ...user,
    role: isStr(v.role) ? v.role : 'guest',
    has_account: v.has_account === true,
    rules_version: isNum(v.rules_version) ? v.rules_version : 0,
  };
  if (isStr(v.login_id)) me.login_id = v.login_id;
  if (isObj(v.badge) && isStr(v.badge.specialty) && isStr(v.badge.name)) {
    me.badge = { specialty: v.badge.specialty, name: v.badge.name };
  }
  return me;
}

function asSpaceSummary(v: unknown): SpaceSummary | null {
  if (!isObj(v) || !isStr(v.id)) return null;
  const name = asLocalized(v.name) ?? { ja: v.id, en: v.id };
  return {
    id: v.id,
    name,
    kind: isStr(v.kind) ? v.kind : '',
    capacity: isNum(v.capacity) ? v.capacity : 0,
    count: isNum(v.count) ? v.count : 0,
  };
}

export function asSpaces(v: unknown): SpaceSummary[] | null {
  if (!Array.isArray(v)) return null;
  const out: SpaceSummary[] = [];
  for (const s of v) {
    const space = asSpaceSummary(s);
    if (space) out.push(space);
  }
  return out;
}

function asPortal(v: unknown): Portal | null {
  if (!isObj(v) || !isStr(v.to) || !isNum(v.x) || !isNum(v.z)) return null;
  return { to: v.to, x: v.x, z: v.z, radius: isNum(v.radius) && v.radius > 0 ? v.radius : 1.5 };
}

function asJoinedSpace(v: unknown): JoinedSpace | null {
  if (!isObj(v) || !isStr(v.id)) return null;
  const spawn = isObj(v.spawn) ? v.spawn : {};
  const b = isObj(v.bounds) ? v.bounds : {};
  const num = (o: Obj, k: string, d: number) => (isNum(o[k]) ? (o[k] as number) : d);
  const portals = Array.isArray(v.portals)
    ? v.portals.map(asPortal).filter((p): p is Portal => p !== null)
    : [];
  return {
    id: v.id,
    name: asLocalized(v.name) ?? { ja: v.id, en: v.id },
    kind: isStr(v.kind) ? v.kind : '',
    scene: isStr(v.scene) ? v.scene : v.id,
    capacity: isNum(v.capacity) ? v.capacity : 0,
    spawn: { x: num(spawn, 'x', 0), y: num(spawn, 'y', 0), z: num(spawn, 'z', 0), yaw: num(spawn, 'yaw', 0) },
    bounds: {
      min_x: num(b, 'min_x', -30),
      min_z: num(b, 'min_z', -30),
      max_x: num(b, 'max_x', 30),
      max_z: num(b, 'max_z', 30),
    },
    portals,
  };
}

export function asChat(v: unknown): ChatMessage | null {
  if (!isObj(v) || !isStr(v.text) || !isNum(v.from) || !isStr(v.name)) return null;
  return {
    type: 'chat',
    id: isNum(v.id) ? v.id : 0,
    space: isStr(v.space) ? v.space : '',
    from: v.from,
    name: v.name,
    avatar: isNum(v.avatar) ? v.avatar : 0,
    text: v.text,
    ts: isNum(v.ts) ? v.ts : Date.now(),
  };
}

/** Parses one text frame from the server; null when it is not a message this client knows. */
export function parseServerMessage(text: string): ServerMessage | null {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isObj(v) || !isStr(v.type)) return null;
  switch (v.type) {
    case 'welcome': {
      const user = asUser(v.you);
      if (!user || !isObj(v.you)) return null;
      const you: WelcomeYou = {
        ...user,
        role: isStr(v.you.role) ? v.you.role : 'guest',
        flags: isNum(v.you.flags) ? v.you.flags : 0,
      };
      return {
        type: 'welcome',
        v: isNum(v.v) ? v.v : PROTOCOL_VERSION,
        you,
        rules_version: isNum(v.rules_version) ? v.rules_version : 0,
        // an older server without the field: assume accepted (a join error says otherwise)
        rules_accepted: v.rules_accepted !== false,
        spaces: asSpaces(v.spaces) ?? [],
      };
    }
    case 'joined': {
      const space = asJoinedSpace(v.space);
      if (!space) return null;
      const history = Array.isArray(v.history)
        ? v.history.map(asChat).filter((c): c is ChatMessage => c !== null)
        : [];
      return { type: 'joined', space, history };
    }
    case 'chat':
      return asChat(v);
    case 'emote':
      if (!isNum(v.from) || !isStr(v.emote)) return null;
      return { type: 'emote', from: v.from, emote: v.emote };
    case 'spaces': {
      const spaces = asSpaces(v.spaces);
      return spaces ? { type: 'spaces', spaces } : null;
    }
    case 'pong':
      return { type: 'pong', t: isNum(v.t) ? v.t : 0 };
    case 'warning':
      return isStr(v.message) ? { type: 'warning', message: v.message } : null;
    case 'reconnect':
      return isStr(v.space) && v.space !== '' ? { type: 'reconnect', space: v.space } : null;
    case 'error':
      if (!isStr(v.code)) return null;
      return { type: 'error', code: v.code, message: isStr(v.message) ? v.message : '' };
    default:
      return null;
  }
}

/** Reads the `{"error": {...}}` body of an HTTP error answer, if it is one. */
export function asApiError(v: unknown): ApiError | null {
  if (!isObj(v) || !isObj(v.error) || !isStr(v.error.code)) return null;
  return { code: v.error.code, message: asLocalized(v.error.message) ?? {} };
}

export function asRules(v: unknown): RulesBody | null {
  if (!isObj(v) || !isObj(v.rules)) return null;
  const rules: Record<string, string[]> = {};
  for (const [lang, list] of Object.entries(v.rules)) {
    if (Array.isArray(list)) rules[lang] = list.filter(isStr);
  }
  return { version: isNum(v.version) ? v.version : 0, rules };
}

export function asSession(v: unknown): SessionBody | null {
  if (!isObj(v) || !isStr(v.csrf)) return null;
  const user = asMe(v.user);
  if (!user) return null;
  return { csrf: v.csrf, user, rules_version: isNum(v.rules_version) ? v.rules_version : 0 };
}

/** Picks the text for `lang`, falling back to Japanese, English, then anything. */
export function localize(text: Localized, lang: string): string {
  return text[lang] ?? text.ja ?? text.en ?? Object.values(text)[0] ?? '';
}

export function isEmote(v: string): v is Emote {
  return (EMOTES as readonly string[]).includes(v);
}

/** Chat text as the server counts it: trimmed, in code points. */
export function chatLength(text: string): number {
  return Array.from(text.trim()).length;
}
