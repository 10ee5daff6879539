import { describe, expect, it } from 'vitest';
import { addressKey, normalizeAddress, normalizeEmail, normalizePhone, searchText } from '../../shared/contact/normalize-contact.ts';

describe('normalizePhone', () => {
  it.each([
    ['(512) 555-0142', '+15125550142'],
    ['512.867.5309', '+15128675309'],
    ['+1 210 867 5309', '+12108675309'],
  ])('turns %s into E.164', (input, expected) => {
    expect(normalizePhone(input)).toEqual({ value: expected });
  });

  it.each(['555-1234', '12', 'call me'])('explains why %s is not a phone number', (input) => {
    expect(normalizePhone(input).error).toContain(input);
  });
});

describe('normalizeEmail', () => {
  it('lower-cases and trims', () => expect(normalizeEmail('  Ann.Lee@Example.COM ')).toEqual({ value: 'ann.lee@example.com' }));
  it('refuses what is not an address', () => expect(normalizeEmail('ann at example').error).toBeDefined());
});

describe('normalizeAddress', () => {
  it.each([
    ['123 Main St, Austin, TX 78701', { line1: '123 Main St', city: 'Austin', state: 'TX', zip: '78701' }],
    ['4512 Oak Hollow Dr Austin tx 78745', { line1: '4512 Oak Hollow Dr', city: 'Austin', state: 'TX', zip: '78745' }],
    ['88 W. 5th Street Apt 2, SAN ANTONIO, TX 78205', { line1: '88 W 5th St Apt 2', city: 'San Antonio', state: 'TX', zip: '78205' }],
  ])('parses the one-line address %s', (input, expected) => {
    expect(normalizeAddress(input)).toEqual({ value: expected });
  });

  it('asks for the full address when parts are missing', () => {
    expect(normalizeAddress('123 Main St').error).toContain('Could not read');
  });

  it('re-validates a structured address', () => {
    expect(normalizeAddress({ line1: '1 A St', city: 'Waco', state: 'TX', zip: '7670' }).error).toContain('ZIP');
  });
});

describe('addressKey', () => {
  it('gives the same key to spellings of one property', () => {
    const a = addressKey({ line1: '123 Main Street', city: 'Austin', state: 'TX', zip: '78701' });
    const b = addressKey({ line1: '123 main st.', city: 'AUSTIN', state: 'TX', zip: '78701-1234' });
    expect(a).toBe('123 main st|78701');
    expect(b).toBe(a);
  });
});

describe('searchText', () => {
  it('lets a search match phone digits with or without the country code', () => {
    expect(searchText(['Ann Lee'], ['+15125550142'])).toBe('ann lee 15125550142 5125550142');
  });
});
