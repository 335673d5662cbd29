import { describe, expect, it } from 'vitest';
import { BOM, CSV_COLUMNS, csvCell, diaryCsv, formulaSafe } from './csv';
import { entry, migraine } from './testing';

describe('csvCell', () => {
  it.each([
    [null, ''],
    [true, '1'],
    [false, '0'],
    [240, '240'],
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['頭痛', '頭痛'],
  ] as const)('%j → %s', (v, want) => expect(csvCell(v)).toBe(want));
});

describe('formulaSafe', () => {
  it.each([
    ['=HYPERLINK("x")', '\'=HYPERLINK("x")'],
    ['+81', "'+81"],
    ['-1', "'-1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['a=b', 'a=b'],
    ['', ''],
  ])('%j → %j', (v, want) => expect(formulaSafe(v)).toBe(want));
});

describe('diaryCsv (the columns of GET /api/diary.csv)', () => {
  it('starts with a BOM and the header, one CRLF line per entry, oldest first', () => {
    const csv = diaryCsv([
      entry('2026-11-03', { id: 1, note: '雨の日、つらい' }),
      migraine('2026-11-05', { id: 2, start: '14:30', worse_with_activity: false, medications: [{ class: 'triptan', effect: 'good' }, { class: 'nsaid', effect: null }], triggers: ['weather', 'sleep'], missed: ['work'] }),
    ]);
    expect(csv.startsWith(BOM)).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines[0]).toBe('id,date,start,duration_min,intensity,side,character,worse_with_activity,nausea,vomiting,photophobia,phonophobia,aura,medications,triggers,missed,note');
    expect(lines[0]).toBe(CSV_COLUMNS.join(','));
    expect(lines[1]).toBe('1,2026-11-03,,240,6,,,,0,0,0,0,0,,,,雨の日、つらい');
    expect(lines[2]).toBe('2,2026-11-05,14:30,600,8,one,pulsating,0,1,0,1,1,0,triptan:good;nsaid,weather;sleep,work,');
    expect(lines[3]).toBe('');
    expect(lines).toHaveLength(4);
  });

  it('only the header for an empty diary', () => {
    expect(diaryCsv([])).toBe(`${BOM}${CSV_COLUMNS.join(',')}\r\n`);
  });

  it('a note with a comma, quotes and a line break stays one field; a formula is defused', () => {
    expect(diaryCsv([entry('2026-11-03', { note: 'a, "b"\nc' })])).toContain(',"a, ""b""\nc"\r\n');
    expect(diaryCsv([entry('2026-11-03', { note: '=1+1' })])).toContain(",'=1+1\r\n");
  });
});
