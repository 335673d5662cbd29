import { describe, expect, it } from 'vitest';
import { bindFeeds, diffBindings, statsByAvatar } from './feeds';

const tr = (mid: string | null, track: string) => ({ mid, receiver: { track } });

describe('bindFeeds', () => {
  it.each<[string, Array<[string | null, string]>, Array<[string, number]>, Array<[string, number, string]>]>([
    ['every listed mid', [['0', 'a'], ['1', 'b']], [['0', 7], ['1', 9]], [['0', 7, 'a'], ['1', 9, 'b']]],
    ['mids not listed are inactive', [['0', 'a'], ['1', 'b']], [['1', 9]], [['1', 9, 'b']]],
    ['feeds without a transceiver are ignored', [['0', 'a']], [['0', 7], ['5', 8]], [['0', 7, 'a']]],
    ['transceivers without a mid yet are ignored', [[null, 'x'], ['0', 'a']], [['0', 7]], [['0', 7, 'a']]],
    ['nothing', [], [], []],
  ])('%s', (_n, trs, feeds, want) => {
    const got = bindFeeds(trs.map(([m, t]) => tr(m, t)), feeds.map(([mid, id]) => ({ mid, id })));
    expect([...got.values()].map((b) => [b.mid, b.id, b.track])).toEqual(want);
  });
});

describe('diffBindings', () => {
  const m = (...bs: Array<[string, number, string]>) => new Map(bs.map(([mid, id, track]) => [mid, { mid, id, track }]));
  it.each<[string, ReturnType<typeof m>, ReturnType<typeof m>, string[], string[]]>([
    ['unchanged', m(['0', 7, 'a']), m(['0', 7, 'a']), [], []],
    ['a new voice', m(), m(['0', 7, 'a']), [], ['0:7']],
    ['a voice ends', m(['0', 7, 'a']), m(), ['0:7'], []],
    ['a mid carries someone else', m(['0', 7, 'a']), m(['0', 8, 'a']), ['0:7'], ['0:8']],
    ['a person moves to another mid', m(['0', 7, 'a']), m(['1', 7, 'b']), ['0:7'], ['1:7']],
    ['a new track on the same mid', m(['0', 7, 'a']), m(['0', 7, 'z']), ['0:7'], ['0:7']],
  ])('%s', (_n, prev, next, gone, added) => {
    const d = diffBindings(prev, next);
    expect(d.gone.map((b) => `${b.mid}:${b.id}`)).toEqual(gone);
    expect(d.added.map((b) => `${b.mid}:${b.id}`)).toEqual(added);
  });
});

describe('statsByAvatar', () => {
  const bindings = new Map([
    ['0', { mid: '0', id: 7, track: { id: 'ta' } }],
    ['1', { mid: '1', id: 9, track: { id: 'tb' } }],
  ]);
  it('matches by mid, then by track id, and skips what is not inbound audio', () => {
    const got = statsByAvatar(
      [
        { type: 'inbound-rtp', kind: 'audio', mid: '0', bytesReceived: 100, packetsReceived: 2, totalAudioEnergy: 0.25 },
        { type: 'inbound-rtp', mediaType: 'audio', trackIdentifier: 'tb', bytesReceived: 5 },
        { type: 'inbound-rtp', kind: 'video', mid: '0', bytesReceived: 1e6 },
        { type: 'outbound-rtp', kind: 'audio', mid: '1', bytesSent: 10 },
        { type: 'inbound-rtp', kind: 'audio', mid: '4', bytesReceived: 1 },
      ],
      bindings,
    );
    expect(got).toEqual({
      7: { bytesReceived: 100, packetsReceived: 2, totalAudioEnergy: 0.25 },
      9: { bytesReceived: 5, packetsReceived: 0, totalAudioEnergy: 0 },
    });
  });
});
