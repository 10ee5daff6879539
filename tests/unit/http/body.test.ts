import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors/app-error.ts';
import { decodeBody, queryObject } from '../../../infra/http/body.ts';

const json = (value: string) => Buffer.from(value);

function errorOf(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

describe('decodeBody', () => {
  it('parses JSON sent as application/json', () => {
    expect(decodeBody(json('{"name":"Ann"}'), 'json', 'application/json')).toEqual({ name: 'Ann' });
  });

  it('refuses another content type with 415', () => {
    expect(errorOf(() => decodeBody(json('{}'), 'json', 'text/plain')).status).toBe(415);
  });

  it('reports malformed JSON as a 400 on the body', () => {
    const error = errorOf(() => decodeBody(json('{"name":'), 'json', 'application/json'));
    expect(error.status).toBe(400);
    expect(error.fieldErrors[0]).toMatchObject({ location: 'body' });
  });

  it.each([
    ['a top-level operator', '{"$where":"1"}', '$where'],
    ['a nested operator', '{"filter":{"status":{"$ne":"lost"}}}', 'filter.status.$ne'],
    ['an operator inside an array', '{"tags":[{"$gt":""}]}', 'tags.0.$gt'],
  ])('rejects %s and names its path', (_case, body, field) => {
    const error = errorOf(() => decodeBody(json(body), 'json', 'application/json'));
    expect(error.status).toBe(400);
    expect(error.fieldErrors[0]?.field).toBe(field);
  });

  it('decodes urlencoded forms (Twilio webhooks)', () => {
    expect(decodeBody(json('From=%2B15125550100&Body=Hi+there'), 'form', 'application/x-www-form-urlencoded')).toEqual({ From: '+15125550100', Body: 'Hi there' });
  });
});

describe('queryObject', () => {
  it('keeps repeated keys as arrays and single keys as strings', () => {
    expect(queryObject(new URLSearchParams('tag=a&tag=b&status=new'))).toEqual({ tag: ['a', 'b'], status: 'new' });
  });
});
