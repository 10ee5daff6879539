import { describe, expect, it } from 'vitest';
import { defineRoute, type TRoute } from '../../../infra/http/route.ts';
import { createRouter } from '../../../infra/http/router.ts';

const route = (method: TRoute['method'], path: string): TRoute =>
  defineRoute({ method, path, summary: path, access: 'public', handler: async () => null });

describe('router', () => {
  const routes = [route('GET', '/api/leads/export'), route('GET', '/api/leads/:id'), route('PATCH', '/api/leads/:id'), route('GET', '/api/leads')];
  const router = createRouter(routes);

  it('prefers a literal segment declared before a parameter', () => {
    const match = router.match('GET', '/api/leads/export');
    expect(match.kind === 'match' && match.route.path).toBe('/api/leads/export');
  });

  it('extracts and decodes path parameters', () => {
    const match = router.match('PATCH', '/api/leads/ld%5F1');
    expect(match).toMatchObject({ kind: 'match', params: { id: 'ld_1' } });
  });

  it('tolerates a trailing slash', () => {
    expect(router.match('GET', '/api/leads/').kind).toBe('match');
  });

  it('reports the allowed methods when only the method differs', () => {
    expect(router.match('DELETE', '/api/leads/1')).toEqual({ kind: 'method', allow: ['GET', 'PATCH'] });
  });

  it('answers HEAD with the GET route', () => {
    expect(router.match('HEAD', '/api/leads').kind).toBe('match');
  });

  it('matches nothing outside its routes', () => {
    expect(router.match('GET', '/api/leadsx')).toEqual({ kind: 'none' });
  });
});
