// Why the microphone could not be had, and for which device and browser to explain the way
// out (docs/voice.md, "In the browser"). Pure logic; the guidance dialog draws the steps.

/** What went wrong when the microphone was asked for. */
export type MicProblem =
  /** the person or the browser's settings said no */
  | 'denied'
  /** no microphone is connected (or the OS hides it) */
  | 'no-device'
  /** another app holds the microphone, or the device failed */
  | 'busy'
  /** the page is not served over HTTPS, so the browser offers no microphone at all */
  | 'insecure'
  /** this browser (e.g. an app's built-in browser) has no microphone access */
  | 'unsupported'
  | 'unknown';

export const MIC_PROBLEMS: readonly MicProblem[] = ['denied', 'no-device', 'busy', 'insecure', 'unsupported', 'unknown'];

/** Where the page runs, as far as the classification needs. */
export interface MicEnv {
  /** `window.isSecureContext` */
  secure: boolean;
  /** whether `navigator.mediaDevices.getUserMedia` exists */
  hasGetUserMedia: boolean;
}

/** Thrown by the app's getMic when the browser offers no getUserMedia. */
export class NoMediaDevicesError extends Error {
  override readonly name = 'NoMediaDevicesError';
}

/** The problem behind a getUserMedia failure (a DOMException's `name`). */
export function classifyMicError(err: unknown, env: MicEnv): MicProblem {
  if (!env.hasGetUserMedia || err instanceof NoMediaDevicesError) return env.secure ? 'unsupported' : 'insecure';
  const name = typeof err === 'object' && err !== null && 'name' in err ? String((err as { name: unknown }).name) : '';
  switch (name) {
    case 'NotAllowedError':
    case 'PermissionDeniedError': // old Chrome
    case 'SecurityError':
      return env.secure ? 'denied' : 'insecure';
    case 'NotFoundError':
    case 'DevicesNotFoundError': // old Chrome
    case 'OverconstrainedError':
      return 'no-device';
    case 'NotReadableError':
    case 'TrackStartError': // old Chrome
    case 'AbortError':
      return 'busy';
    case 'TypeError':
    case 'NotSupportedError':
      return env.secure ? 'unsupported' : 'insecure';
    default:
      return 'unknown';
  }
}

/** Whose settings the guidance explains first. */
export type Platform = 'ios' | 'android' | 'chrome' | 'edge' | 'firefox' | 'safari' | 'other';

export const PLATFORMS: readonly Platform[] = ['ios', 'android', 'chrome', 'edge', 'firefox', 'safari', 'other'];

/**
 * The platform of a user agent. iPadOS presents itself as a Mac: a "Macintosh" with a touch
 * screen is an iPad. On iOS every browser is Safari underneath, so all of them get the iOS steps.
 */
export function detectPlatform(userAgent: string, maxTouchPoints = 0): Platform {
  const ua = userAgent;
  if (/iPhone|iPad|iPod/.test(ua) || (/Macintosh/.test(ua) && maxTouchPoints > 1)) return 'ios';
  if (/Android/.test(ua)) return 'android';
  if (/Edg\//.test(ua)) return 'edge';
  if (/Firefox\//.test(ua)) return 'firefox';
  if (/Chrome\/|Chromium\//.test(ua)) return 'chrome';
  if (/Safari\//.test(ua) && /Macintosh/.test(ua)) return 'safari';
  return 'other';
}

/** Built-in browsers of apps (LINE, Instagram, Facebook…), which often cannot use the microphone. */
export function isInAppBrowser(userAgent: string): boolean {
  return /\bLine\/|FBAN|FBAV|Instagram|Twitter|MicroMessenger|KAKAOTALK/i.test(userAgent);
}

/** The HTTPS address of this page (what the person should open instead), or null. */
export function secureAddress(loc: Pick<Location, 'protocol' | 'host' | 'pathname'>): string | null {
  if (loc.protocol === 'https:') return null;
  return `https://${loc.host}${loc.pathname}`;
}
