import { describe, expect, it } from 'vitest';
import { renderTemplate, templateFields, validateTemplate } from '../../../shared/communications/merge-fields.ts';
import { classifyBlastReply } from '../../../shared/communications/record-blast-reply.ts';
import { countSmsSegments } from '../../../shared/communications/sms-segments.ts';

describe('templates and merge fields', () => {
  it('fills fields, with spaces inside the braces and fallbacks for missing values', () => {
    const { text, missing } = renderTemplate('Hi {{ first_name }}, this is {{rep_first_name}} about {{property_street|your house}}.', {
      first_name: 'Maria',
      rep_first_name: 'Riley',
      property_street: null,
    });
    expect(text).toBe('Hi Maria, this is Riley about your house.');
    expect(missing).toEqual([]);
  });

  it('reports a field with neither value nor fallback instead of leaving a hole silently', () => {
    const { text, missing } = renderTemplate('Hi {{first_name}}, about {{property_address}}', { first_name: '  ' });
    expect(missing).toEqual(['first_name', 'property_address']);
    expect(text).toBe('Hi , about ');
  });

  it('uses an empty fallback when one is written', () => {
    expect(renderTemplate('Hi{{first_name|}}!', {}).text).toBe('Hi!');
  });

  it.each([
    ['{{firstname}}', /\{\{firstname\}\} is not a merge field/],
    ['Hi {{first_name}', /not closed/],
    ['Hi first_name}}', /not closed/],
    ['{{ 1st }}', /not closed/],
  ])('refuses %j', (body, problem) => {
    expect(validateTemplate(body).join(' ')).toMatch(problem);
  });

  it('accepts known fields and plain text, and lists the fields used', () => {
    expect(validateTemplate('New deal: {{property_address}} at {{asking_price}} — reply YES')).toEqual([]);
    expect(templateFields('{{first_name}} {{first_name|x}} {{arv}}')).toEqual(['first_name', 'arv']);
  });
});

describe('SMS segments', () => {
  it.each([
    ['a'.repeat(160), 'GSM-7', 1],
    ['a'.repeat(161), 'GSM-7', 2],
    ['a'.repeat(306), 'GSM-7', 2],
    ['a'.repeat(307), 'GSM-7', 3],
    // Extension characters count twice.
    ['{'.repeat(80), 'GSM-7', 1],
    ['{'.repeat(81), 'GSM-7', 2],
    ['Café è ü', 'GSM-7', 1],
    // One emoji turns the whole message to UCS-2 (70 units, 67 per part; an emoji is two units).
    [`${'a'.repeat(68)}🏠`, 'UCS-2', 1],
    [`${'a'.repeat(69)}🏠`, 'UCS-2', 2],
    ['“curly quotes”', 'UCS-2', 1],
  ])('%#: %s units → %s, %i segment(s)', (body, encoding, segments) => {
    expect(countSmsSegments(body)).toMatchObject({ encoding, segments });
  });
});

describe('reading a buyer’s answer to a deal blast', () => {
  it.each([
    ['YES', 'interested'],
    ['yes!', 'interested'],
    ['Yes send me the address', 'interested'],
    ["I'm interested", 'interested'],
    ['Interested, what are the repairs?', 'interested'],
    ['how much for the roof?', 'interested'],
    ['No', 'not_interested'],
    ['pass', 'not_interested'],
    ['Not interested in that area', 'not_interested'],
    ['no thanks', 'not_interested'],
    ['Who is this?', 'replied'],
    ['Call me tomorrow', 'interested'],
    ['Is the garage detached', 'replied'],
  ])('%j → %s', (body, response) => {
    expect(classifyBlastReply(body)).toBe(response);
  });
});
