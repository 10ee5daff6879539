import { describe, expect, it } from 'vitest';
import { providerNote } from '../../site/src/lib/ai-note.ts';

describe('the small print under an AI result', () => {
  it('names who answered, and why the model did not', () => {
    expect(providerNote({ provider: 'gemini', model: 'gemini-2.5-flash-001', fallback_reason: null, latency_ms: 1 })).toBe('Gemini (gemini-2.5-flash-001)');
    expect(providerNote({ provider: 'rules', model: null, fallback_reason: null, latency_ms: 1 })).toBe('DealCycle rules');
    expect(providerNote({ provider: 'rules', model: null, fallback_reason: 'server_error', latency_ms: 1 })).toBe('DealCycle rules — the model was unavailable (server error)');
    expect(providerNote({ provider: 'rules', model: null, fallback_reason: 'quota', latency_ms: 1 })).toBe("DealCycle rules — the organisation's AI allowance for today is used up");
  });
});
