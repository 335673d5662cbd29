// The hall's server messages as net/messages.ts parses them, and the slides list.
import { describe, expect, it } from 'vitest';
import { parseServerMessage } from '../net/messages';
import { asDecks } from './decks';

describe('hall messages', () => {
  it.each([
    ['hands in order', '{"type":"hands","ids":[5,2,9]}', { type: 'hands', ids: [5, 2, 9] }],
    ['hands: none', '{"type":"hands","ids":[]}', { type: 'hands', ids: [] }],
    ['hands: junk ids dropped, duplicates once', '{"type":"hands","ids":[5,"x",-1,1.5,5,3]}', { type: 'hands', ids: [5, 3] }],
    ['hands without ids', '{"type":"hands"}', null],
    ['stage guests', '{"type":"stage","guests":[4]}', { type: 'stage', guests: [4] }],
    ['stage guests not a list', '{"type":"stage","guests":4}', null],
    ['stage_invited', '{"type":"stage_invited","by":7}', { type: 'stage_invited', by: 7 }],
    ['stage_invited without by', '{"type":"stage_invited"}', null],
    [
      'slides',
      '{"type":"slides","deck":"intro","title":{"ja":"はじめに","en":"Intro"},"page":1,"pages":["/slides/intro/01.svg","/slides/intro/02.svg"]}',
      { type: 'slides', deck: 'intro', title: { ja: 'はじめに', en: 'Intro' }, page: 1, pages: ['/slides/intro/01.svg', '/slides/intro/02.svg'] },
    ],
    ['slides cleared', '{"type":"slides","deck":null}', { type: 'slides', deck: null, title: null, page: 0, pages: [] }],
    [
      'slides: a page beyond the deck reads as the first',
      '{"type":"slides","deck":"d","title":"T","page":5,"pages":["/slides/d/1.png"]}',
      { type: 'slides', deck: 'd', title: { ja: 'T', en: 'T' }, page: 0, pages: ['/slides/d/1.png'] },
    ],
    ['slides: a page on another site is refused', '{"type":"slides","deck":"d","page":0,"pages":["https://evil.example/x.png"]}', null],
    ['slides: a protocol-relative page is refused', '{"type":"slides","deck":"d","page":0,"pages":["//evil.example/x.png"]}', null],
    ['slides: no pages', '{"type":"slides","deck":"d","page":0,"pages":[]}', null],
    ['slides: deck of the wrong type', '{"type":"slides","deck":3,"page":0,"pages":["/a.png"]}', null],
  ] as const)('%s', (_name, text, want) => {
    expect(parseServerMessage(text)).toEqual(want);
  });

  it('joined carries zones (bad ones left out)', () => {
    const msg = parseServerMessage(
      JSON.stringify({
        type: 'joined',
        space: {
          id: 'hall',
          stage: { min_x: -8, min_z: -30, max_x: 8, max_z: -22 },
          zones: [
            { id: 'side-room', name: { ja: '小部屋', en: 'Side room' }, min_x: 6, min_z: 12, max_x: 14, max_z: 28 },
            { id: 'flat', name: 'x', min_x: 6, min_z: 12, max_x: 6, max_z: 28 },
            { id: 'half', min_x: 0 },
          ],
        },
        history: [],
      }),
    );
    expect(msg?.type).toBe('joined');
    if (msg?.type !== 'joined') return;
    expect(msg.space.stage).toEqual({ min_x: -8, min_z: -30, max_x: 8, max_z: -22 });
    expect(msg.space.zones).toEqual([{ id: 'side-room', name: { ja: '小部屋', en: 'Side room' }, min_x: 6, min_z: 12, max_x: 14, max_z: 28 }]);
  });
});

describe('asDecks', () => {
  it.each([
    ['not an object', null, null],
    ['no decks', {}, null],
    ['empty', { decks: [] }, []],
    [
      'a deck',
      { decks: [{ id: 'intro', title: { ja: 'はじめに', en: 'Intro' }, pages: ['/slides/intro/01.svg'] }] },
      [{ id: 'intro', title: { ja: 'はじめに', en: 'Intro' }, pages: ['/slides/intro/01.svg'], uploaded: false, canDelete: false }],
    ],
    [
      'an uploaded deck one may delete',
      { decks: [{ id: 'up-1', title: { ja: '講演', en: '講演' }, pages: ['/slides/up-1/01.jpg'], uploaded: true, mine: true, can_delete: true }] },
      [{ id: 'up-1', title: { ja: '講演', en: '講演' }, pages: ['/slides/up-1/01.jpg'], uploaded: true, canDelete: true }],
    ],
    ['can_delete must be true, not truthy', { decks: [{ id: 'x', pages: ['/slides/x/1.png'], uploaded: 1, can_delete: 'yes' }] }, [{ id: 'x', title: { ja: 'x', en: 'x' }, pages: ['/slides/x/1.png'], uploaded: false, canDelete: false }]],
    ['a deck without a title is named by its id', { decks: [{ id: 'x', pages: ['/slides/x/1.png'] }] }, [{ id: 'x', title: { ja: 'x', en: 'x' }, pages: ['/slides/x/1.png'], uploaded: false, canDelete: false }]],
    ['pages on other sites and empty decks are left out', { decks: [{ id: 'a', pages: ['https://x/1.png'] }, { id: 'b', pages: [] }, { id: '', pages: ['/1.png'] }] }, []],
  ] as const)('%s', (_name, body, want) => {
    expect(asDecks(body)).toEqual(want);
  });
});
