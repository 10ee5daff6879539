import { describe, expect, it } from 'vitest';
import { openEmbeddedDatabase } from '../../infra/store/embedded/embedded-database.ts';
import { queryWords, searchTokenFilter, searchTokens } from '../../shared/search/search-tokens.ts';

describe('searchTokens', () => {
  it('keeps words, the email whole and in parts, and the phone forms people type', () => {
    expect(searchTokens({ text: ['José O’Neil', '12 Elm St.', 'San Antonio'], emails: ['Jose.ONeil@Example.com'], phones: ['+12105550142'] })).toEqual(
      ['0142', '12', '2105550142', '5550142', 'antonio', 'elm', 'example', 'jose', 'jose.oneil@example.com', 'neil', 'o', 'oneil', 'san', 'st'].sort(),
    );
  });
});

describe('queryWords', () => {
  it.each([
    ['Smith', ['smith']],
    ['  gary   SMITH ', ['smith', 'gary']],
    ['(512) 555-0142', ['5125550142']],
    ['+1 512 555 0142', ['5125550142']],
    ['gary.smith@example.com', ['gary.smith@example.com']],
    ['123 Main St', ['main', '123', 'st']],
    ['.*$', []],
  ])('reads %j as %j', (q, words) => {
    expect(queryWords(q)).toEqual(words);
  });
});

describe('searchTokenFilter', () => {
  it('matches records having a token that starts with every word, on both sides of a range', async () => {
    const db = await openEmbeddedDatabase();
    const people = db.collection('people');
    await people.createIndex({ search_tokens: 1 });
    await people.insertMany([
      { _id: 'a', search_tokens: searchTokens({ text: ['Gary Smith', '22 Bayou Rd'] }) },
      { _id: 'b', search_tokens: searchTokens({ text: ['Helen Smithers'] }) },
      // Two tokens that straddle the "smi" range but neither starts with it.
      { _id: 'c', search_tokens: ['sma', 'smz'] },
    ]);
    const find = async (q: string) => (await people.find(searchTokenFilter(q) ?? {}, { sort: { _id: 1 } }).toArray()).map((person) => person._id);
    expect(await find('smi')).toEqual(['a', 'b']);
    expect(await find('smith bay')).toEqual(['a']);
    expect(await find('helen bay')).toEqual([]);
    expect(searchTokenFilter('  ')).toBeUndefined();
  });
});
