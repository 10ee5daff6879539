import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { csvCell, csvLine } from '../../shared/imports/csv-writer.ts';
import { checkMapping, detectColumnMapping } from '../../shared/imports/detect-column-mapping.ts';
import { BUYER_IMPORT_FIELDS } from '../../shared/imports/buyer-import-target.ts';
import { parseMoney, splitFullName, splitTags, tidyName } from '../../shared/imports/import-target.ts';
import { LEAD_IMPORT_FIELDS, readPropertyType } from '../../shared/imports/lead-import-target.ts';
import { CsvFileError, readCsvRows, type TCsvRow } from '../../shared/imports/read-csv.ts';
import { detectDelimiter, sniffCsv } from '../../shared/imports/sniff-csv.ts';

async function rows(input: string | Buffer | Buffer[], options: Partial<Parameters<typeof readCsvRows>[1]> = {}): Promise<TCsvRow[]> {
  const chunks = Array.isArray(input) ? input : [typeof input === 'string' ? Buffer.from(input) : input];
  const all: TCsvRow[] = [];
  for await (const batch of readCsvRows(Readable.from(chunks), { encoding: 'utf-8', delimiter: ',', ...options })) all.push(...batch);
  return all;
}

async function fileError(input: string | Buffer, options: Partial<Parameters<typeof readCsvRows>[1]> = {}): Promise<CsvFileError> {
  const error = await rows(input, options).then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof CsvFileError)) throw new Error(`expected a CsvFileError, got ${String(error)}`);
  return error;
}

describe('readCsvRows', () => {
  it('numbers rows by the line they start on, counting blank lines and line breaks inside quotes', async () => {
    const text = 'name,notes\r\nAnn,"two\r\nlines"\r\n\r\n,\r\nBob,"say ""hi"""\r\n';
    expect(await rows(text)).toEqual([
      { line: 1, fields: ['name', 'notes'] },
      { line: 2, fields: ['Ann', 'two\r\nlines'] },
      { line: 6, fields: ['Bob', 'say "hi"'] },
    ]);
  });

  it('drops a UTF-8 byte order mark and keeps multi-byte characters split across chunks', async () => {
    const bytes = Buffer.from('\uFEFFname\nJosé Ñúñez\n', 'utf8');
    const cut = bytes.indexOf(0xc3) + 1; // inside "é"
    expect(await rows([bytes.subarray(0, cut), bytes.subarray(cut)])).toEqual([
      { line: 1, fields: ['name'] },
      { line: 2, fields: ['José Ñúñez'] },
    ]);
  });

  it('reads Windows-1252 and UTF-16 when told to', async () => {
    expect((await rows(Buffer.from([0x6e, 0x0a, 0x4a, 0x6f, 0x73, 0xe9]), { encoding: 'windows-1252' }))[1]?.fields).toEqual(['José']);
    expect((await rows(Buffer.from('\uFEFFa,b\n1,2\n', 'utf16le'), { encoding: 'utf-16le' }))[1]?.fields).toEqual(['1', '2']);
  });

  it('reads other delimiters', async () => {
    expect((await rows('a;b\n"1;2";3\n', { delimiter: ';' }))[1]?.fields).toEqual(['1;2', '3']);
  });

  it.each([
    ['invalid UTF-8', Buffer.concat([Buffer.from('a\nb\nJos'), Buffer.from([0xe9]), Buffer.from('\n')]), 'not_utf8', 3],
    ['a quote never closed', 'a,b\n1,"open\n2,3\n', 'quote_not_closed', null],
    ['a quote in the middle of a field', 'a,b\n1,x"y\n', 'stray_quote', 2],
    ['text after a closing quote', 'a,b\n1,"x"y\n', 'stray_quote', 2],
    ['binary data', Buffer.from('a,b\n1,\u0000\u0001\n'), 'binary', 2],
  ])('fails on %s with a clear error', async (_case, input, code, line) => {
    const error = await fileError(input);
    expect(error.code).toBe(code);
    if (line !== null) expect(error.line).toBe(line);
    expect(error.message.length).toBeGreaterThan(20);
  });

  it('refuses a row longer than 64 KB instead of reading the rest of the file into it', async () => {
    const error = await fileError(`a\n"${'x'.repeat(70 * 1024)}"\n`);
    expect(error.code).toBe('row_too_long');
  });
});

describe('sniffCsv', () => {
  it('detects the encoding, the delimiter and the header, and samples the first rows', async () => {
    const sniffed = await sniffCsv(Buffer.from('\uFEFFOwner Name;Phone 1\nAnn Lee;512-555-0101\n'), {});
    expect(sniffed).toEqual({ encoding: 'utf-8', delimiter: ';', header: ['Owner Name', 'Phone 1'], sample: [['Ann Lee', '512-555-0101']], warnings: [] });
  });

  it.each([
    ['an empty file', Buffer.alloc(0), 'The file is empty'],
    ['an Excel workbook', Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), 'Excel workbook'],
    ['a PDF', Buffer.from('%PDF-1.7\n...'), 'a PDF'],
    ['JSON', Buffer.from('[{"name":"Ann"}]'), 'looks like JSON'],
    ['HTML', Buffer.from('<!DOCTYPE html><html></html>'), 'HTML'],
    ['Latin-1 text', Buffer.from([0x6e, 0x61, 0x6d, 0x65, 0x0a, 0x4a, 0x6f, 0x73, 0xe9, 0x0a]), 'encoding=windows-1252'],
    ['UTF-16 without a BOM', Buffer.from('name,phone\nAnn,1\n', 'utf16le'), 'UTF-16'],
    ['an unnamed column', Buffer.from('name,,phone\nAnn,x,1\n'), 'column 2 has no name'],
    ['a stray quote in the header', Buffer.from('na"me,phone\n'), 'Line 1 has a "'],
  ])('refuses %s with a sentence saying what to do', async (_case, data, message) => {
    await expect(sniffCsv(data, {})).rejects.toMatchObject({ code: 'invalid', message: expect.stringContaining(message), fieldErrors: [{ location: 'file', field: 'file' }] });
  });

  it('refuses a header-only file and warns about a header made of numbers', async () => {
    await expect(sniffCsv(Buffer.from('name,phone\n'), {})).rejects.toMatchObject({ message: 'The file has column names but no rows below them' });
    expect((await sniffCsv(Buffer.from('Ann,5125550101\nBob,2105550102\n'), {})).warnings[0]).toContain('first row holds numbers');
  });

  it('reads UTF-16 with a byte order mark', async () => {
    const sniffed = await sniffCsv(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Name\tPhone\nAnn\t1\n', 'utf16le')]), {});
    expect(sniffed).toMatchObject({ encoding: 'utf-16le', delimiter: '\t', header: ['Name', 'Phone'] });
  });

  it('chooses the most frequent separator outside quotes', () => {
    expect(detectDelimiter('"Last, First";Phone;Email')).toBe(';');
    expect(detectDelimiter('Name\tPhone\tCity, State')).toBe('\t');
    expect(detectDelimiter('Name')).toBe(',');
  });
});

describe('detectColumnMapping', () => {
  it('maps the headers list providers export', () => {
    const headers = [
      'Owner 1 First Name',
      'Owner 1 Last Name',
      'Property Address',
      'Property City',
      'Property State',
      'Property Zip',
      'Mailing Address',
      'Mailing City',
      'Mailing State',
      'Mailing Zip',
      'Phone 1',
      'Phone 2',
      'Phone 3',
      'Email',
      'Property Type',
      'Estimated Value',
      'APN',
    ];
    expect(detectColumnMapping(headers, LEAD_IMPORT_FIELDS, { phone: 'other_phone' })).toEqual([
      'first_name',
      'last_name',
      'address',
      'address_city',
      'address_state',
      'address_zip',
      'mailing_address',
      'mailing_city',
      'mailing_state',
      'mailing_zip',
      'phone',
      'other_phone',
      'other_phone',
      'email',
      'property_type',
      'estimated_value',
      null,
    ]);
  });

  it('ignores case and punctuation, sends a second phone column to other phones and leaves a second name column out', () => {
    expect(detectColumnMapping(['OWNER NAME', 'owner_name', 'phone', 'Phone', 'E-Mail'], LEAD_IMPORT_FIELDS, { phone: 'other_phone' })).toEqual([
      'full_name',
      null,
      'phone',
      'other_phone',
      'email',
    ]);
  });

  it('maps buyer spreadsheets', () => {
    expect(detectColumnMapping(['Buyer Name', 'Cell', 'Min Price', 'Max Price', 'Markets', 'Zip Codes'], BUYER_IMPORT_FIELDS)).toEqual([
      'full_name',
      'phone',
      'price_min',
      'price_max',
      'cities',
      'zips',
    ]);
  });

  it('explains what is wrong with a mapping', () => {
    expect(checkMapping(['phone', 'phone', 'castle', null], ['A', 'B', 'C', 'D'], LEAD_IMPORT_FIELDS, [['full_name', 'first_name']])).toEqual([
      'Phone is mapped twice (columns 1 and 2); keep one',
      expect.stringContaining('Column 3 (C): "castle" is not a field you can import'),
      'No column holds Owner name or First name: map one',
    ]);
    expect(checkMapping(['full_name'], ['A', 'B'], LEAD_IMPORT_FIELDS, [])).toEqual(['The mapping names 1 columns; the file has 2']);
  });
});

describe('cell readers', () => {
  it.each([
    ['$245,000', 245_000],
    ['245000.50', 245_000.5],
    ['245k', 245_000],
    ['1.2M', 1_200_000],
    ['about 200k', null],
    ['-5', null],
  ])('reads the amount %j as %j', (text, amount) => expect(parseMoney(text)).toBe(amount));

  it.each([
    ['Single Family Residence', 'single_family'],
    ['SFR', 'single_family'],
    ['Duplex', 'multi_family'],
    ['Condominium', 'condo'],
    ['Townhome', 'townhouse'],
    ['Manufactured Home', 'mobile_home'],
    ['Vacant Land', 'land'],
    ['Retail', 'commercial'],
    ['multi_family', 'multi_family'],
    ['Castle', null],
  ])('reads the property type %j as %j', (text, type) => expect(readPropertyType(text)).toBe(type));

  it.each([
    ['JOHN A SMITH', { first: 'John A', last: 'Smith' }],
    ['Smith, John', { first: 'John', last: 'Smith' }],
    ["MARY O'NEIL", { first: 'Mary', last: "O'Neil" }],
    ['SMITH FAMILY TRUST', { first: 'Smith Family Trust', last: '' }],
    ['ACME HOLDINGS LLC', { first: 'Acme Holdings LLC', last: '' }],
    ['Cher', { first: 'Cher', last: '' }],
  ])('splits %j', (name, parts) => expect(splitFullName(name)).toEqual(parts));

  it('keeps mixed-case names as typed and tidies tags', () => {
    expect(tidyName('  McDonald  ')).toBe('McDonald');
    expect(splitTags('probate; vacant/absentee, ,tired landlord!')).toEqual(['probate', 'vacant absentee', 'tired landlord']);
  });
});

describe('csvCell', () => {
  it.each([
    ['=HYPERLINK("http://evil","click")', `"'=HYPERLINK(""http://evil"",""click"")"`],
    ['@SUM(A1:A9)', "'@SUM(A1:A9)"],
    ['+cmd|/C calc!A0', "'+cmd|/C calc!A0"],
    ['-2+3+cmd|x', "'-2+3+cmd|x"],
    ['\tTAB', "'\tTAB"],
    ['+15125550142', '+15125550142'],
    ['-1500', '-1500'],
    ['+1 (512) 555-0142', '+1 (512) 555-0142'],
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['line\nbreak', '"line\nbreak"'],
    ['say "hi"', '"say ""hi"""'],
  ])('writes %j as %j', (value, expected) => expect(csvCell(value)).toBe(expected));

  it('writes empty cells for null and dates as ISO 8601, and ends lines with CRLF', () => {
    expect(csvLine([null, undefined, 0, new Date('2026-03-02T09:00:00Z'), true])).toBe(',,0,2026-03-02T09:00:00.000Z,true\r\n');
  });
});
