import { describe, expect, it } from 'vitest';
import { asApiError, asRules, asSession, chatLength, localize, parseIceServers, parseServerMessage } from './messages';

describe('parseServerMessage', () => {
  it('reads welcome with role, badge flags and the rules state', () => {
    const msg = parseServerMessage(
      JSON.stringify({
        type: 'welcome',
        v: 1,
        you: { id: 17, name: 'さくら', avatar: 2, role: 'clinician', flags: 1 },
        rules_version: 2,
        rules_accepted: false,
        spaces: [{ id: 'plaza', name: { ja: '広場', en: 'Plaza' }, kind: 'plaza', capacity: 200, count: 4 }],
      }),
    );
    expect(msg).toEqual({
      type: 'welcome',
      v: 1,
      you: { id: 17, name: 'さくら', avatar: 2, role: 'clinician', flags: 1 },
      rules_version: 2,
      rules_accepted: false,
      spaces: [{ id: 'plaza', name: { ja: '広場', en: 'Plaza' }, kind: 'plaza', capacity: 200, count: 4 }],
    });
  });

  it('reads an older welcome without role or flags as a guest with no badges', () => {
    const msg = parseServerMessage('{"type":"welcome","v":1,"you":{"id":3,"name":"a","avatar":0},"spaces":[]}');
    expect(msg).toMatchObject({ type: 'welcome', you: { id: 3, role: 'guest', flags: 0 }, rules_accepted: true });
  });

  it('reads warning and reconnect', () => {
    expect(parseServerMessage('{"type":"warning","message":"やめてください"}')).toEqual({ type: 'warning', message: 'やめてください' });
    expect(parseServerMessage('{"type":"reconnect","space":"circle-1"}')).toEqual({ type: 'reconnect', space: 'circle-1' });
    expect(parseServerMessage('{"type":"reconnect","space":""}')).toBeNull();
    expect(parseServerMessage('{"type":"warning","message":5}')).toBeNull();
  });

  it('reads joined with space, portals and history', () => {
    const msg = parseServerMessage(
      JSON.stringify({
        type: 'joined',
        space: {
          id: 'plaza',
          name: { ja: '広場', en: 'Plaza' },
          kind: 'plaza',
          scene: 'plaza',
          capacity: 200,
          spawn: { x: 0, y: 0, z: 6, yaw: 0 },
          bounds: { min_x: -30, min_z: -30, max_x: 30, max_z: 30 },
          portals: [{ to: 'circle-1', x: -14, z: -14, radius: 1.6 }, { to: 5 }],
        },
        history: [
          { type: 'chat', id: 1, space: 'plaza', from: 3, name: 'Ken', avatar: 7, text: 'hi', ts: 1700000000000 },
          { type: 'chat', text: 42 },
        ],
      }),
    );
    expect(msg?.type).toBe('joined');
    if (msg?.type !== 'joined') return;
    expect(msg.space.portals).toEqual([{ to: 'circle-1', x: -14, z: -14, radius: 1.6 }]);
    expect(msg.space.spawn).toEqual({ x: 0, y: 0, z: 6, yaw: 0 });
    expect(msg.history).toHaveLength(1);
    expect(msg.history[0]?.text).toBe('hi');
  });

  it.each([
    ['not JSON', 'nope'],
    ['not an object', '[1,2]'],
    ['no type', '{"code":"x"}'],
    ['unknown type', '{"type":"party"}'],
    ['welcome without you', '{"type":"welcome","v":1}'],
    ['chat without text', '{"type":"chat","from":1,"name":"a"}'],
    ['emote without from', '{"type":"emote","emote":"wave"}'],
  ])('rejects %s', (_name, text) => expect(parseServerMessage(text)).toBeNull());

  it('reads error, emote, spaces and pong', () => {
    expect(parseServerMessage('{"type":"error","code":"space_full","message":"full"}')).toEqual({
      type: 'error',
      code: 'space_full',
      message: 'full',
    });
    expect(parseServerMessage('{"type":"emote","from":3,"emote":"wave"}')).toEqual({ type: 'emote', from: 3, emote: 'wave' });
    expect(parseServerMessage('{"type":"spaces","spaces":[]}')).toEqual({ type: 'spaces', spaces: [] });
    expect(parseServerMessage('{"type":"pong","t":5}')).toEqual({ type: 'pong', t: 5 });
  });
});

describe('HTTP bodies', () => {
  it('reads an API error', () => {
    expect(
      asApiError({ error: { code: 'name_too_long', message: { ja: '長い', en: 'Too long' } } }),
    ).toEqual({ code: 'name_too_long', message: { ja: '長い', en: 'Too long' } });
    expect(asApiError({ oops: 1 })).toBeNull();
  });

  it('reads rules and session', () => {
    expect(asRules({ version: 1, rules: { ja: ['a', 3], en: ['b'] } })).toEqual({ version: 1, rules: { ja: ['a'], en: ['b'] } });
    // the token in the body is ignored: the HttpOnly cookie carries it
    expect(
      asSession({ token: 't', csrf: 'c', rules_version: 2, user: { id: 1, name: 'n', avatar: 0, role: 'member', has_account: true, rules_version: 1, login_id: 'n1' } }),
    ).toEqual({
      csrf: 'c',
      rules_version: 2,
      user: { id: 1, name: 'n', avatar: 0, role: 'member', has_account: true, rules_version: 1, login_id: 'n1' },
    });
    expect(asSession({ csrf: 'c', user: { id: 1, name: 'n', avatar: 0, badge: { specialty: '頭痛専門医', name: '山田 太郎' } } })?.user).toEqual({
      id: 1,
      name: 'n',
      avatar: 0,
      role: 'guest',
      has_account: false,
      rules_version: 0,
      badge: { specialty: '頭痛専門医', name: '山田 太郎' },
    });
    expect(asSession({ token: 't', user: { id: 1, name: 'n', avatar: 0 } })).toBeNull(); // no csrf
    expect(asSession({ csrf: 'c' })).toBeNull();
  });
});

describe('localize and chatLength', () => {
  it('falls back from the language asked to ja, en, anything', () => {
    expect(localize({ ja: '広場', en: 'Plaza' }, 'en')).toBe('Plaza');
    expect(localize({ ja: '広場' }, 'en')).toBe('広場');
    expect(localize({ fr: 'Place' }, 'en')).toBe('Place');
  });
  it('counts code points after trimming', () => {
    expect(chatLength('  こんにちは  ')).toBe(5);
    expect(chatLength('😀')).toBe(1);
  });
});

describe('voice_status ice_servers (TURN)', () => {
  it('keeps valid TURN entries with their credential', () => {
    const m = parseServerMessage(
      JSON.stringify({
        type: 'voice_status',
        available: true,
        ice_servers: [{ urls: ['turn:t.example:3478?transport=udp', 'turns:t.example:5349?transport=tcp'], username: '1767225600:7', credential: 'abc=' }],
      }),
    );
    expect(m).toEqual({
      type: 'voice_status',
      available: true,
      retry_in_s: 0,
      ice_servers: [{ urls: ['turn:t.example:3478?transport=udp', 'turns:t.example:5349?transport=tcp'], username: '1767225600:7', credential: 'abc=' }],
    });
  });

  it('leaves them out when absent, and refuses malformed lists', () => {
    expect(parseServerMessage('{"type":"voice_status","available":false,"retry_in_s":5}')).toEqual({ type: 'voice_status', available: false, retry_in_s: 5 });
    expect(parseIceServers([])).toEqual([]);
    expect(parseIceServers('turn:x')).toBeUndefined();
    expect(parseIceServers([{ urls: ['http://evil.example/'] }])).toBeUndefined();
    expect(parseIceServers([{ urls: 5 }])).toBeUndefined();
    expect(parseIceServers([null])).toBeUndefined();
    expect(parseIceServers([{ urls: 'stun:s.example:3478' }])).toEqual([{ urls: ['stun:s.example:3478'] }]);
  });
});
