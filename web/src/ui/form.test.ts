import { describe, expect, it } from 'vitest';
import { accountFieldOf } from './form';

describe('accountFieldOf', () => {
  it.each([
    ['login_id_invalid', 'login'],
    ['login_id_taken', 'login'],
    ['password_too_short', 'password'],
    ['password_too_common', 'password'],
    ['password_contains_login', 'password'],
    ['name_reserved', 'name'],
    ['name_too_long', 'name'],
    ['avatar_invalid', 'avatar'],
    // not about one field: shown as the form's error
    ['login_failed', null],
    ['login_throttled', null],
    ['busy', null],
    ['csrf_invalid', null],
    ['permission_denied', null],
  ])('%s → %s', (code, field) => expect(accountFieldOf(code)).toBe(field));
});
