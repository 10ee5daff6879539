import type { TRoute } from './route.ts';

interface TCompiledRoute {
  route: TRoute;
  pattern: RegExp;
  keys: string[];
}

export type TRouteMatch = { kind: 'match'; route: TRoute; params: Record<string, string> } | { kind: 'method'; allow: string[] } | { kind: 'none' };

/** Matches `/api/leads/:id`-style patterns; literal segments win over parameters by declaration order. */
export function createRouter(routes: readonly TRoute[]) {
  const compiled: TCompiledRoute[] = routes.map((route) => {
    const keys: string[] = [];
    const source = route.path
      .split('/')
      .map((segment) => {
        if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        keys.push(segment.slice(1));
        return '([^/]+)';
      })
      .join('/');
    return { route, keys, pattern: new RegExp(`^${source}/?$`) };
  });

  return {
    match(method: string, path: string): TRouteMatch {
      const allow = new Set<string>();
      for (const { route, pattern, keys } of compiled) {
        const found = pattern.exec(path);
        if (!found) continue;
        if (route.method !== method && !(method === 'HEAD' && route.method === 'GET')) {
          allow.add(route.method);
          continue;
        }
        const params: Record<string, string> = {};
        keys.forEach((key, index) => {
          params[key] = safeDecode(found[index + 1] ?? '');
        });
        return { kind: 'match', route, params };
      }
      return allow.size > 0 ? { kind: 'method', allow: [...allow] } : { kind: 'none' };
    },
  };
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
