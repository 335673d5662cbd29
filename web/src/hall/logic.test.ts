import { describe, expect, it } from 'vitest';
import type { Bounds, Zone } from '../net/messages';
import { STAGE_HEIGHT, canModerateStage, canPresent, easeHeight, floorHeight, handRows, stageTarget, turnPage, zoneAt } from './logic';

const HALL: Bounds = { min_x: -40, min_z: -30, max_x: 40, max_z: 40 };
const STAGE: Bounds = { min_x: -8, min_z: -30, max_x: 8, max_z: -22 };

describe('who may moderate the stage and present (permissions.cc)', () => {
  it.each([
    ['guest', false, false],
    ['member', false, false],
    ['clinician', false, true],
    ['trainee', false, false],
    ['facilitator', true, true],
    ['researcher', false, false],
    ['moderator', true, false],
    ['admin', true, true],
    ['deleted', false, false],
    ['', false, false],
  ] as const)('%s: moderate %s, present %s', (role, moderate, present) => {
    expect(canModerateStage(role)).toBe(moderate);
    expect(canPresent(role, false)).toBe(present);
    expect(canPresent(role, true)).toBe(true); // a stage guest presents whatever their role
  });
});

describe('handRows', () => {
  const names: Record<number, string> = { 1: 'あおい', 2: 'Ben', 3: 'さくら', 9: 'me' };
  const nameOf = (id: number) => names[id] ?? null;
  it.each([
    ['empty', [], []],
    ['raising order kept', [3, 1, 2], [[3, 'さくら', 1], [1, 'あおい', 2], [2, 'Ben', 3]]],
    ['someone who left is skipped, places close up', [2, 7, 1], [[2, 'Ben', 1], [1, 'あおい', 2]]],
    ['one’s own hand is not listed', [9, 1], [[1, 'あおい', 1]]],
  ] as const)('%s', (_name, ids, want) => {
    expect(handRows(ids, nameOf, 9).map((r) => [r.id, r.name, r.place])).toEqual(want);
  });
});

describe('stageTarget', () => {
  it.each([
    ['the hall: front centre, facing the audience', STAGE, HALL, { x: 0, z: -23.2, yaw: Math.PI }],
    ['a shallow stage: half way in', { min_x: 2, min_z: -4, max_x: 6, max_z: -3 }, HALL, { x: 4, z: -3.5, yaw: Math.PI }],
    ['a stage beyond the bounds is clamped', { min_x: 50, min_z: -30, max_x: 60, max_z: -22 }, HALL, { x: 40, z: -23.2, yaw: Math.PI }],
  ] as const)('%s', (_name, stage, bounds, want) => {
    const got = stageTarget(stage, bounds);
    expect(got.x).toBeCloseTo(want.x);
    expect(got.z).toBeCloseTo(want.z);
    expect(got.yaw).toBeCloseTo(want.yaw);
  });
  it('the target is on the stage', () => {
    const t = stageTarget(STAGE, HALL);
    expect(floorHeight(STAGE, t.x, t.z)).toBe(STAGE_HEIGHT);
  });
});

describe('floorHeight', () => {
  it.each([
    ['no stage', null, 0, -25, 0],
    ['on the stage', STAGE, 0, -25, STAGE_HEIGHT],
    ['on its corner', STAGE, 8, -22, STAGE_HEIGHT],
    ['on the steps', STAGE, 0.5, -21.5, STAGE_HEIGHT / 2],
    ['beside the steps', STAGE, 5, -21.5, 0],
    ['in the audience', STAGE, 0, 0, 0],
    ['at the spawn point', STAGE, 0, 20, 0],
  ] as const)('%s', (_name, stage, x, z, want) => {
    expect(floorHeight(stage, x, z)).toBe(want);
  });
  it('eases towards the floor and lands on it', () => {
    let y = 0;
    for (let i = 0; i < 30; i++) y = easeHeight(y, STAGE_HEIGHT, 1 / 30);
    expect(y).toBe(STAGE_HEIGHT);
    expect(easeHeight(0, STAGE_HEIGHT, 1 / 60)).toBeGreaterThan(0);
    expect(easeHeight(0, STAGE_HEIGHT, 1 / 60)).toBeLessThan(STAGE_HEIGHT);
  });
});

describe('zoneAt', () => {
  const side: Zone = { id: 'side-room', name: { ja: '小部屋', en: 'Side room' }, min_x: 6, min_z: 12, max_x: 14, max_z: 28 };
  it.each([
    ['inside', [side], 10, 20, 'side-room'],
    ['on the edge', [side], 6, 12, 'side-room'],
    ['outside', [side], 0, 20, null],
    ['no zones', undefined, 10, 20, null],
  ] as const)('%s', (_name, zones, x, z, want) => {
    expect(zoneAt(zones, x, z)?.id ?? null).toBe(want);
  });
});

describe('turnPage', () => {
  it.each([
    ['next from the first', 0, 5, 1, 1],
    ['next from the last: none', 4, 5, 1, null],
    ['previous from the first: none', 0, 5, -1, null],
    ['previous', 3, 5, -1, 2],
    ['a page beyond the deck is taken as the last', 9, 5, -1, 3],
    ['an empty deck', 0, 0, 1, null],
    ['a one-page deck', 0, 1, 1, null],
  ] as const)('%s', (_name, page, count, step, want) => {
    expect(turnPage(page, count, step)).toBe(want);
  });
});
