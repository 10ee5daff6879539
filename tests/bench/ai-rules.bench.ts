import { readFile } from 'node:fs/promises';
import { extractSignals } from '../../shared/ai/rules/extract-signals.ts';
import { scoreQualification } from '../../shared/ai/rules/score-qualification.ts';
import { printTable, summarize } from './support/report.ts';

/**
 * The rules provider on the labelled seller notes and texts (tests/fixtures/seller-messages.json):
 * motivation-tag precision and recall (micro-averaged, and per tag), qualification band
 * agreement, and the latency of one call (tags + qualification). `npm run eval` runs this.
 * Goals from the issue: precision ≥ 0.9, recall ≥ 0.8, p95 < 5 ms.
 */
interface TItem {
  id: string;
  kind: 'note' | 'sms';
  text: string;
  expected_tags: string[];
  expected_band: 'hot' | 'warm' | 'cold';
}

export async function loadSellerMessages(): Promise<TItem[]> {
  const raw = JSON.parse(await readFile(new URL('../fixtures/seller-messages.json', import.meta.url), 'utf8')) as { items: TItem[] };
  return raw.items;
}

export function evaluate(items: TItem[]) {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let agree = 0;
  const perTag = new Map<string, { tp: number; fp: number; fn: number }>();
  const mistakes: string[] = [];
  const bump = (tag: string, field: 'tp' | 'fp' | 'fn') => {
    const row = perTag.get(tag) ?? { tp: 0, fp: 0, fn: 0 };
    row[field]++;
    perTag.set(tag, row);
  };
  for (const item of items) {
    const signals = extractSignals(item.text);
    const got = new Set(signals.tags.map((tag) => tag.signal));
    const want = new Set(item.expected_tags);
    for (const tag of got) {
      if (want.has(tag)) {
        tp++;
        bump(tag, 'tp');
      } else {
        fp++;
        bump(tag, 'fp');
        mistakes.push(`${item.id} extra tag "${tag}"`);
      }
    }
    for (const tag of want) {
      if (!got.has(tag)) {
        fn++;
        bump(tag, 'fn');
        mistakes.push(`${item.id} missed tag "${tag}"`);
      }
    }
    const qualification = scoreQualification(signals);
    if (qualification.band === item.expected_band) agree++;
    else mistakes.push(`${item.id} band ${qualification.band} (${qualification.score}) ≠ ${item.expected_band}`);
  }
  return { precision: tp / Math.max(1, tp + fp), recall: tp / Math.max(1, tp + fn), agreement: agree / items.length, perTag, mistakes };
}

export default async function aiRulesBench(): Promise<void> {
  const items = await loadSellerMessages();
  const result = evaluate(items);
  printTable(`AI rules provider on ${items.length} labelled seller notes and texts`, [
    { metric: 'tag precision (micro)', value: result.precision.toFixed(3), goal: '≥ 0.90' },
    { metric: 'tag recall (micro)', value: result.recall.toFixed(3), goal: '≥ 0.80' },
    { metric: 'qualification band agreement', value: result.agreement.toFixed(3), goal: '—' },
  ]);
  printTable(
    'Per tag',
    [...result.perTag.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([tag, row]) => ({ tag, tp: row.tp, fp: row.fp, fn: row.fn, precision: (row.tp / Math.max(1, row.tp + row.fp)).toFixed(2), recall: (row.tp / Math.max(1, row.tp + row.fn)).toFixed(2) })),
  );
  if (result.mistakes.length) console.log(`Disagreements:\n  ${result.mistakes.join('\n  ')}`);

  // Latency: every item many times over, one sample per call (tags + qualification).
  const samples: number[] = [];
  for (let round = 0; round < 50; round++) {
    for (const item of items) {
      const started = performance.now();
      scoreQualification(extractSignals(item.text));
      samples.push(performance.now() - started);
    }
  }
  const stats = summarize(samples);
  printTable('Latency per call (ms), tags + qualification', [{ calls: stats.n, p50: stats.p50.toFixed(3), p95: stats.p95.toFixed(3), p99: stats.p99.toFixed(3), goal: 'p95 < 5 ms' }]);
}
