// JSON control messages of docs/protocol.md (text WebSocket frames) and the HTTP API bodies.
//
// Server messages are untrusted input: `parseServerMessage` checks the shape of every field the
// client reads and returns null for anything else, so the rest of the client can rely on types.

import { type ConsultClientMessage, type ConsultServerMessage, parseConsultMessage } from '../consult/wire';

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
  /** Who may enter (docs/protocol.md): "public", or "clinicians" for the doctors' lounge. */
  access?: string;
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
  /** Optional (docs/voice.md, content `voice`): how voices fall off in this space. */
  voice?: { hearing_radius: number; meeting_mode: boolean };
  /** Optional: the stage, whose speakers the whole space hears (no distance fall-off). */
  stage?: Bounds;
  /** Who may enter: "public" or "clinicians" (the doctors' lounge). */
  access?: string;
  /** Members may appear under an anonymous label (医師A …). */
  anonymous_labels?: boolean;
  /** False where chat is never stored (no history). */
  chat_stored?: boolean;
  /** Closed voice zones (docs/voice.md): voices inside stay inside. */
  zones?: Zone[];
}

/** A closed voice zone of a space (a booth, a side room). */
export interface Zone extends Bounds {
  id: string;
  name: Localized;
}

/** `joined.you`: the id and name the others see this connection as in the space. */
export interface JoinedYou {
  id: number;
  name: string;
  anonymous: boolean;
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
  /** Sent under an anonymous label (the doctors' lounge). */
  anonymous?: boolean;
}

/** `welcome.you`: who the connection belongs to, with the badge flags drawn for them. */
export interface WelcomeYou extends User {
  role: string;
  flags: number;
}

export type ServerMessage =
  | { type: 'welcome'; v: number; you: WelcomeYou; rules_version: number; rules_accepted: boolean; spaces: SpaceSummary[] }
  | { type: 'joined'; space: JoinedSpace; history: ChatMessage[]; you: JoinedYou | null }
  | ChatMessage
  | { type: 'emote'; from: number; emote: string }
  | { type: 'spaces'; spaces: SpaceSummary[] }
  | { type: 'pong'; t: number }
  | { type: 'warning'; message: string }
  | { type: 'reconnect'; space: string }
  | { type: 'error'; code: string; message: string }
  | VoiceServerMessage
  | ScreenServerMessage
  | HallServerMessage
  | ConsultServerMessage;

export type ClientMessage =
  /** Browsers are known by their session cookie: no token in `hello`. */
  | { type: 'hello'; v: number }
  /** `anonymous`: appear under a label where the space offers them (the doctors' lounge). */
  | { type: 'join'; space: string; anonymous?: boolean }
  | { type: 'chat'; text: string }
  | { type: 'emote'; emote: Emote }
  | { type: 'spaces' }
  | { type: 'ping'; t: number }
  | VoiceClientMessage
  | ScreenClientMessage
  | HallClientMessage
  | ConsultClientMessage;

// --- voice (docs/voice.md, "Messages on /ws")

/** `voice_offer.feeds`: which avatar's voice a receiving transceiver (`mid`) carries. */
export interface VoiceFeed {
  mid: string;
  id: number;
}

export type VoiceServerMessage =
  | { type: 'voice_status'; available: boolean; retry_in_s: number; ice_servers?: IceServer[]; off?: true }
  | { type: 'voice_published'; sdp: string }
  /**
   * `session`: which server-side subscription (Janus handle) the offer renegotiates; a new value
   * needs a fresh connection. `screen`: the transceiver carrying the hall's live screen share
   * (video), and whose it is.
   */
  | { type: 'voice_offer'; sdp: string; feeds: VoiceFeed[]; session?: number; screen?: VoiceFeed }
  | { type: 'voice_mic'; on: boolean; by_moderator: boolean }
  | { type: 'voice_speakers'; ids: number[] };

export type VoiceClientMessage =
  /** start receiving the voices the server plans for this listener (sent when voice is available) */
  | { type: 'voice_listen' }
  | { type: 'voice_publish'; sdp: string }
  | { type: 'voice_answer'; sdp: string }
  | { type: 'voice_mic'; on: boolean }
  | { type: 'voice_leave' }
  | { type: 'voice_moderate'; user: number; muted: boolean };

// --- screen sharing (docs/voice.md, "Screen sharing")

export type ScreenServerMessage =
  /** who shares their screen in this space now (`user` null: nobody); after `joined` and on change */
  | { type: 'screen'; user: number | null }
  /** Janus's answer to one's `screen_publish` offer */
  | { type: 'screen_published'; sdp: string }
  /** one's own share ended on the server's side (`by_moderator`: a moderator stopped it) */
  | { type: 'screen_stopped'; by_moderator: boolean };

export type ScreenClientMessage =
  /** a presenter starts sharing: an offer with one send-only video m-line */
  | { type: 'screen_publish'; sdp: string }
  /** stop one's own share, or (`user`, moderators) someone else's */
  | { type: 'screen_stop'; user?: number };

// --- presenting: raised hands, the stage, slides (docs/voice.md, "Presenting" and "Slides")

export type HallServerMessage =
  /** raised hands, in raising order */
  | { type: 'hands'; ids: number[] }
  /** who was brought to the stage */
  | { type: 'stage'; guests: number[] }
  /** a facilitator brought this person to the stage */
  | { type: 'stage_invited'; by: number }
  /** what the hall's screen shows; `deck` null: nothing */
  | { type: 'slides'; deck: string | null; title: Localized | null; page: number; pages: string[] };

export type HallClientMessage =
  | { type: 'hand'; raised: boolean }
  | { type: 'stage_invite'; user: number }
  | { type: 'stage_release'; user: number }
  | { type: 'slides_show'; deck: string | null }
  | { type: 'slides_page'; page: number };

/** Avatar ids: whole numbers ≥ 0, each once, in the order given. */
function asIds(v: unknown): number[] | null {
  if (!Array.isArray(v)) return null;
  const out: number[] = [];
  for (const id of v) if (isNum(id) && Number.isInteger(id) && id >= 0 && !out.includes(id)) out.push(id);
  return out;
}

/** A `slides` message; pages must be paths on this site (`/slides/…`), the page within them. */
function asSlides(v: Obj): HallServerMessage | null {
  if (v.deck === null || v.deck === undefined) return { type: 'slides', deck: null, title: null, page: 0, pages: [] };
  if (!isStr(v.deck) || v.deck === '' || !Array.isArray(v.pages)) return null;
  const pages = v.pages.filter((p): p is string => isStr(p) && p.startsWith('/') && !p.startsWith('//'));
  if (pages.length !== v.pages.length || pages.length === 0) return null;
  const page = isNum(v.page) && Number.isInteger(v.page) && v.page >= 0 && v.page < pages.length ? v.page : 0;
  return { type: 'slides', deck: v.deck, title: asLocalized(v.title), page, pages };
}

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
    ...(isStr(v.access) ? { access: v.access } : {}),
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
  const space: JoinedSpace = {
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
  if (isStr(v.access)) space.access = v.access;
  if (v.anonymous_labels === true) space.anonymous_labels = true;
  if (v.chat_stored === false) space.chat_stored = false;
  if (Array.isArray(v.zones)) space.zones = v.zones.map(asZone).filter((z): z is Zone => z !== null);
  if (isObj(v.voice)) {
    space.voice = { hearing_radius: num(v.voice, 'hearing_radius', 15), meeting_mode: v.voice.meeting_mode === true };
  }
  const st = v.stage;
  if (isObj(st) && isNum(st.min_x) && isNum(st.min_z) && isNum(st.max_x) && isNum(st.max_z)) {
    space.stage = { min_x: st.min_x, min_z: st.min_z, max_x: st.max_x, max_z: st.max_z };
  }
  return space;
}

function asZone(v: unknown): Zone | null {
  if (!isObj(v) || !isStr(v.id) || !isNum(v.min_x) || !isNum(v.min_z) || !isNum(v.max_x) || !isNum(v.max_z)) return null;
  if (v.min_x >= v.max_x || v.min_z >= v.max_z) return null;
  return { id: v.id, name: asLocalized(v.name) ?? { ja: v.id, en: v.id }, min_x: v.min_x, min_z: v.min_z, max_x: v.max_x, max_z: v.max_z };
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
    ...(v.anonymous === true ? { anonymous: true } : {}),
  };
}

/** Parses one text frame from the server; null when it is not a message this client knows. */
/** An RTCPeerConnection ICE server as the server gives it (TURN with a short-lived credential). */
export interface IceServer {
  urls: string[];
  username?: string;
  credential?: string;
}

/** `ice_servers` of a voice_status: a list of valid entries, or undefined when absent or malformed. */
export function parseIceServers(raw: unknown): IceServer[] | undefined {
  if (!Array.isArray(raw)) return undefined;
  const out: IceServer[] = [];
  for (const entry of raw as unknown[]) {
    if (typeof entry !== 'object' || entry === null) return undefined;
    const e = entry as Record<string, unknown>;
    const urls = typeof e.urls === 'string' ? [e.urls] : e.urls;
    if (!Array.isArray(urls) || !urls.every((u) => typeof u === 'string' && /^(turns?|stun):/.test(u))) return undefined;
    const server: IceServer = { urls: urls as string[] };
    if (typeof e.username === 'string') server.username = e.username;
    if (typeof e.credential === 'string') server.credential = e.credential;
    out.push(server);
  }
  return out;
}

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
      const you =
        isObj(v.you) && isNum(v.you.id) && isStr(v.you.name) ? { id: v.you.id, name: v.you.name, anonymous: v.you.anonymous === true } : null;
      return { type: 'joined', space, history, you };
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
    case 'voice_status': {
      if (typeof v.available !== 'boolean') return null;
      const status: Extract<ServerMessage, { type: 'voice_status' }> = { type: 'voice_status', available: v.available, retry_in_s: isNum(v.retry_in_s) && v.retry_in_s > 0 ? v.retry_in_s : 0 };
      const ice = parseIceServers(v.ice_servers);
      if (ice) status.ice_servers = ice;
      if (v.off === true && !v.available) status.off = true; // this server runs without voice
      return status;
    }
    case 'voice_published':
      return isStr(v.sdp) && v.sdp !== '' ? { type: 'voice_published', sdp: v.sdp } : null;
    case 'voice_offer': {
      if (!isStr(v.sdp) || v.sdp === '' || !Array.isArray(v.feeds)) return null;
      const feeds = v.feeds.filter((f): f is VoiceFeed => isObj(f) && isStr(f.mid) && isNum(f.id)).map((f) => ({ mid: f.mid, id: f.id }));
      const offer: Extract<ServerMessage, { type: 'voice_offer' }> = { type: 'voice_offer', sdp: v.sdp, feeds };
      if (isNum(v.session) && Number.isInteger(v.session)) offer.session = v.session;
      if (isObj(v.screen) && isStr(v.screen.mid) && isNum(v.screen.id)) offer.screen = { mid: v.screen.mid, id: v.screen.id };
      return offer;
    }
    case 'voice_mic':
      if (typeof v.on !== 'boolean') return null;
      return { type: 'voice_mic', on: v.on, by_moderator: v.by_moderator === true };
    case 'voice_speakers':
      return Array.isArray(v.ids) ? { type: 'voice_speakers', ids: v.ids.filter(isNum) } : null;
    case 'screen':
      if (v.user === null) return { type: 'screen', user: null };
      return isNum(v.user) && Number.isInteger(v.user) && v.user >= 0 ? { type: 'screen', user: v.user } : null;
    case 'screen_published':
      return isStr(v.sdp) && v.sdp !== '' ? { type: 'screen_published', sdp: v.sdp } : null;
    case 'screen_stopped':
      return { type: 'screen_stopped', by_moderator: v.by_moderator === true };
    case 'hands': {
      const ids = asIds(v.ids);
      return ids ? { type: 'hands', ids } : null;
    }
    case 'stage': {
      const guests = asIds(v.guests);
      return guests ? { type: 'stage', guests } : null;
    }
    case 'stage_invited':
      return isNum(v.by) ? { type: 'stage_invited', by: v.by } : null;
    case 'slides':
      return asSlides(v);
    // consultations with specialists (docs/consultation.md), read by consult/wire.ts
    case 'consult_desk':
    case 'consult_status':
    case 'consult_queue':
    case 'observe_list':
      return parseConsultMessage(v);
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
