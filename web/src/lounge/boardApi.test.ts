import { describe, expect, it } from 'vitest';
import { BoardApi, asQuestion, parseTags } from './boardApi';

function fake(status: number, body: unknown) {
  const calls: Array<{ url: string; init: RequestInit }> = [];
  const fetchImpl = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    if (body instanceof Error) throw body;
    return new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
  }) as unknown as typeof fetch;
  return { calls, fetchImpl };
}

const api = { csrf: 'csrf-1' };

describe('parseTags', () => {
  it.each([
    ['片頭痛, 予防', ['片頭痛', '予防']],
    ['片頭痛、小児　画像', ['片頭痛', '小児', '画像']],
    ['#MOH #MOH  ', ['MOH']],
    ['a b c d e f g', ['a', 'b', 'c', 'd', 'e']],
    ['', []],
  ] as const)('%j → %j', (text, want) => expect(parseTags(text)).toEqual(want));
});

describe('BoardApi', () => {
  it('lists questions and pages back', async () => {
    const f = fake(200, {
      questions: [
        { id: 3, title: '予防薬', tags: ['片頭痛', 7], created_ms: 1, answer_count: 2, author: { anonymous: true, mine: false }, excerpt: '…' },
        { id: 'x' },
      ],
    });
    const res = await new BoardApi(api, '', f.fetchImpl).questions(10);
    expect(f.calls[0]?.url).toBe('/api/lounge/questions?before=10');
    expect(res).toEqual({
      ok: true,
      value: [{ id: 3, title: '予防薬', tags: ['片頭痛'], created_ms: 1, answer_count: 2, author: { anonymous: true, mine: false }, excerpt: '…' }],
    });
  });

  it('posts a question with the CSRF header and reads the findings of a refusal', async () => {
    const f = fake(409, {
      error: { code: 'case_identifiers_suspected', message: { ja: '個人を…', en: 'This looks…' } },
      findings: [{ kind: 'phone', text: '03-1234-5678' }, { kind: 5 }],
    });
    const draft = { title: 't', body: 'b', tags: [], anonymous: true, confirm: false };
    const res = await new BoardApi(api, '', f.fetchImpl).ask(draft);
    const init = f.calls[0]?.init;
    expect(init?.method).toBe('POST');
    expect((init?.headers as Record<string, string>)['X-CSRF-Token']).toBe('csrf-1');
    expect(JSON.parse(String(init?.body))).toEqual(draft);
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.failure.kind).toBe('rejected');
    expect(res.failure.findings).toEqual([{ kind: 'phone', text: '03-1234-5678' }]);
  });

  it('reads a thread, answers, and deletes', async () => {
    const thread = fake(200, {
      question: { id: 3, title: 't', body: '本文', tags: [], author: { anonymous: false, name: '佐藤', role: 'clinician', mine: true } },
      answers: [{ id: 9, question_id: 3, body: '回答', created_ms: 5, author: { anonymous: true, name: 'leak?', mine: false } }],
    });
    const res = await new BoardApi(api, '', thread.fetchImpl).thread(3);
    expect(res.ok && res.value.question.author).toEqual({ anonymous: false, name: '佐藤', role: 'clinician', mine: true });
    // an anonymous author's name is never kept, whatever a body says
    expect(res.ok && res.value.answers[0]?.author).toEqual({ anonymous: true, mine: false });
    const answered = fake(201, { answer: { id: 10, question_id: 3, body: 'ok', created_ms: 1, author: { anonymous: false, name: 'A', mine: true } } });
    const a = await new BoardApi(api, '', answered.fetchImpl).answer(3, { body: 'ok', anonymous: false, confirm: false });
    expect(answered.calls[0]?.url).toBe('/api/lounge/questions/3/answers');
    expect(a.ok && a.value.id).toBe(10);
    const del = fake(200, { ok: true });
    expect(await new BoardApi(api, '', del.fetchImpl).deleteAnswer(10)).toEqual({ ok: true, value: true });
    expect(del.calls[0]?.url).toBe('/api/lounge/answers/10');
    expect(del.calls[0]?.init.method).toBe('DELETE');
  });

  it('turns no answer and nonsense into network failures', async () => {
    expect(await new BoardApi(api, '', fake(0, new Error('offline')).fetchImpl).questions()).toEqual({ ok: false, failure: { kind: 'network', status: 0 } });
    expect(await new BoardApi(api, '', fake(502, '<html>').fetchImpl).questions()).toEqual({ ok: false, failure: { kind: 'network', status: 502 } });
    expect((await new BoardApi(api, '', fake(200, { nope: 1 }).fetchImpl).thread(1)).ok).toBe(false);
  });

  it('refuses question shapes without id or title', () => {
    expect(asQuestion({ id: 1 })).toBeNull();
    expect(asQuestion({ title: 't' })).toBeNull();
  });
});
