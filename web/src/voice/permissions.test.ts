import { describe, expect, it } from 'vitest';
import { type MicEnv, NoMediaDevicesError, classifyMicError, detectPlatform, isInAppBrowser, secureAddress } from './permissions';

const SECURE: MicEnv = { secure: true, hasGetUserMedia: true };
const HTTP: MicEnv = { secure: false, hasGetUserMedia: false };
const dom = (name: string) => Object.assign(new Error(name), { name });

describe('classifyMicError', () => {
  it.each([
    ['NotAllowedError', SECURE, 'denied'],
    ['PermissionDeniedError', SECURE, 'denied'],
    ['SecurityError', SECURE, 'denied'],
    ['NotFoundError', SECURE, 'no-device'],
    ['DevicesNotFoundError', SECURE, 'no-device'],
    ['OverconstrainedError', SECURE, 'no-device'],
    ['NotReadableError', SECURE, 'busy'],
    ['TrackStartError', SECURE, 'busy'],
    ['AbortError', SECURE, 'busy'],
    ['TypeError', SECURE, 'unsupported'],
    ['WhateverError', SECURE, 'unknown'],
    // an http:// page: Chrome and Firefox have no navigator.mediaDevices at all
    ['TypeError', HTTP, 'insecure'],
    // an http:// page where the object exists but refuses (older Safari)
    ['NotAllowedError', { secure: false, hasGetUserMedia: true }, 'insecure'],
    // https, but no getUserMedia (an app's built-in browser)
    ['TypeError', { secure: true, hasGetUserMedia: false }, 'unsupported'],
  ] as const)('%s with %j → %s', (name, env, want) => {
    expect(classifyMicError(dom(name), env)).toBe(want);
  });

  it('the app\'s own "no mediaDevices" error', () => {
    expect(classifyMicError(new NoMediaDevicesError('none'), { secure: false, hasGetUserMedia: false })).toBe('insecure');
    expect(classifyMicError(new NoMediaDevicesError('none'), { secure: true, hasGetUserMedia: false })).toBe('unsupported');
  });

  it('something that is not an error at all', () => {
    expect(classifyMicError('nope', SECURE)).toBe('unknown');
    expect(classifyMicError(null, SECURE)).toBe('unknown');
  });
});

describe('detectPlatform', () => {
  it.each([
    ['Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1', 0, 'ios'],
    ['Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/126.0 Mobile/15E148 Safari/604.1', 0, 'ios'],
    ['Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15', 5, 'ios'], // iPadOS
    ['Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15', 0, 'safari'],
    ['Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36', 5, 'android'],
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36 Edg/126.0', 0, 'edge'],
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36', 0, 'chrome'],
    ['Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0', 0, 'firefox'],
    ['Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0 Safari/537.36', 0, 'chrome'],
    ['curl/8.0', 0, 'other'],
  ] as const)('%s (touch %d) → %s', (ua, touch, want) => {
    expect(detectPlatform(ua, touch)).toBe(want);
  });
});

describe('isInAppBrowser', () => {
  it.each([
    ['Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Safari Line/14.9.0', true],
    ['Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram 330.0', true],
    ['Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36', false],
  ] as const)('%s → %s', (ua, want) => {
    expect(isInAppBrowser(ua)).toBe(want);
  });
});

describe('secureAddress', () => {
  it('the https address of an http page, nothing for https', () => {
    expect(secureAddress({ protocol: 'http:', host: 'tsunagu.example.jp', pathname: '/' })).toBe('https://tsunagu.example.jp/');
    expect(secureAddress({ protocol: 'https:', host: 'tsunagu.example.jp', pathname: '/' })).toBeNull();
  });
});
