// The voice messages of docs/voice.md as the client parses them (net/messages.ts).
import { describe, expect, it } from 'vitest';
import { parseServerMessage } from '../net/messages';

describe('voice messages from the server', () => {
  it.each<[string, unknown, unknown]>([
    ['status available', { type: 'voice_status', available: true }, { type: 'voice_status', available: true, retry_in_s: 0 }],
    ['status unavailable', { type: 'voice_status', available: false, retry_in_s: 5 }, { type: 'voice_status', available: false, retry_in_s: 5 }],
    ['status without available', { type: 'voice_status' }, null],
    ['published', { type: 'voice_published', sdp: 'v=0' }, { type: 'voice_published', sdp: 'v=0' }],
    ['published without sdp', { type: 'voice_published' }, null],
    [
      'offer (bad feeds skipped)',
      { type: 'voice_offer', sdp: 'v=0', feeds: [{ mid: '0', id: 17 }, { mid: 1, id: 2 }, { mid: '2' }, 'x'] },
      { type: 'voice_offer', sdp: 'v=0', feeds: [{ mid: '0', id: 17 }] },
    ],
    ['offer without feeds', { type: 'voice_offer', sdp: 'v=0' }, null],
    ['mic by moderator', { type: 'voice_mic', on: false, by_moderator: true }, { type: 'voice_mic', on: false, by_moderator: true }],
    ['mic', { type: 'voice_mic', on: true }, { type: 'voice_mic', on: true, by_moderator: false }],
    ['mic without on', { type: 'voice_mic' }, null],
    ['speakers', { type: 'voice_speakers', ids: [1, 'x', 3] }, { type: 'voice_speakers', ids: [1, 3] }],
    ['speakers without ids', { type: 'voice_speakers' }, null],
  ])('%s', (_n, msg, want) => {
    expect(parseServerMessage(JSON.stringify(msg))).toEqual(want);
  });

  it('joined carries the optional voice settings and stage', () => {
    const msg = parseServerMessage(
      JSON.stringify({
        type: 'joined',
        space: { id: 'hall', voice: { hearing_radius: 20, meeting_mode: true }, stage: { min_x: -6, min_z: -20, max_x: 6, max_z: -14 } },
        history: [],
      }),
    );
    expect(msg?.type === 'joined' && msg.space.voice).toEqual({ hearing_radius: 20, meeting_mode: true });
    expect(msg?.type === 'joined' && msg.space.stage).toEqual({ min_x: -6, min_z: -20, max_x: 6, max_z: -14 });
    const plain = parseServerMessage(JSON.stringify({ type: 'joined', space: { id: 'plaza' }, history: [] }));
    expect(plain?.type === 'joined' && 'voice' in plain.space).toBe(false);
  });
});
