// The web trigger emulation's two halves, as Forge documents them: the request the function receives,
// and the HTTP response made of its answer (a 500 for an answer of another shape).
import { answerWebTriggerUrl, webTriggerEvent, webTriggerResponse } from './webtriggers';

describe('the request a web trigger function receives', () => {
  it('carries the method, headers as lists, the body as a string, the path, the user path and the query', () => {
    const event = webTriggerEvent(
      { method: 'post', url: '/x1/local-push-metric/extra/path?project=GYM&tag=a&tag=b', headers: { 'content-type': 'application/json', 'x-many': ['1', '2'], 'x-none': undefined }, body: '{"value":1}' },
      { cloudId: 'c', moduleKey: 'push-metric' },
    );
    expect(event).toEqual({
      method: 'POST',
      headers: { 'content-type': ['application/json'], 'x-many': ['1', '2'] },
      body: '{"value":1}',
      path: '/x1/local-push-metric/extra/path',
      userPath: '/extra/path',
      queryParameters: { project: ['GYM'], tag: ['a', 'b'] },
      context: { cloudId: 'c', moduleKey: 'push-metric' },
    });
  });

  it('has no body when none was sent', () => {
    expect(webTriggerEvent({ method: 'GET', url: '/x1/local-push-metric', headers: {}, body: '' }, {})).not.toHaveProperty('body');
  });
});

describe('the response Forge makes of the function’s answer', () => {
  it('keeps the status, joins each header’s values and sends the body', () => {
    expect(webTriggerResponse({ statusCode: 429, headers: { 'Retry-After': ['2'], Vary: ['a', 'b'] }, body: '{}' })).toEqual({ status: 429, headers: { 'Retry-After': '2', Vary: 'a, b' }, body: '{}' });
  });

  it.each([
    ['nothing', undefined],
    ['a string', 'ok'],
    ['a status that is not a number', { statusCode: '200', body: '' }],
    ['a header that is not a list', { statusCode: 200, headers: { 'Content-Type': 'application/json' }, body: '' }],
    ['a body that is not a string', { statusCode: 200, headers: {}, body: { ok: true } }],
  ])('answers 500 for %s', (_what, answer) => {
    expect(webTriggerResponse(answer).status).toBe(500);
  });
});

describe('webTrigger.getUrl’s mutation', () => {
  it('answers a URL on the given origin for a module the manifest declares, and an error for another', () => {
    const ask = (triggerKey: string) => answerWebTriggerUrl({ query: 'mutation forge_app_createWebTriggerUrl(…) { createWebTriggerUrl(…) { url } }', variables: { input: { triggerKey } } }, 'http://127.0.0.1:9999');
    expect(ask('push-metric').body).toEqual({ data: { createWebTriggerUrl: { url: 'http://127.0.0.1:9999/x1/local-push-metric' } } });
    expect(ask('nothing-here').body).toMatchObject({ data: { createWebTriggerUrl: null } });
  });
});
