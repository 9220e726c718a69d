// The CSV reader of device import: RFC 4180 quoting, BOM, line numbers, and per-record errors.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CsvSyntaxError, csvLine, parseCsv } from './csv.ts';

test('quoted fields, "" escapes, line breaks inside quotes, BOM and Korean', () => {
  const text = '\uFEFFid,name\r\na,"하남, 미사"\r\nb,"say ""hi"""\n\nc,"two\nlines"\nd,';
  assert.deepEqual(parseCsv(text), [
    { line: 1, fields: ['id', 'name'] },
    { line: 2, fields: ['a', '하남, 미사'] },
    { line: 3, fields: ['b', 'say "hi"'] },
    { line: 5, fields: ['c', 'two\nlines'] },
    { line: 7, fields: ['d', ''] },
  ]);
});

test('a stray quote spoils only its record; an unclosed quote is fatal', () => {
  const r = parseCsv('a,b"c\nd,"e"f\ng,h\n');
  assert.equal(r.length, 3);
  assert.match(r[0]!.error ?? '', /quote inside an unquoted field/);
  assert.match(r[1]!.error ?? '', /text after the closing quote/);
  assert.equal(r[2]!.error, undefined);
  assert.throws(
    () => parseCsv('a,b\n"c,d\n'),
    (e: unknown) => e instanceof CsvSyntaxError && e.line === 2,
  );
});

test('csvLine quotes what needs quoting and round-trips', () => {
  const line = csvLine(['x', 'a,b', 'say "hi"', undefined, 3]);
  assert.equal(line, 'x,"a,b","say ""hi""",,3');
  assert.deepEqual(parseCsv(line)[0]?.fields, ['x', 'a,b', 'say "hi"', '', '3']);
});
