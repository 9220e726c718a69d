// A small RFC 4180 CSV reader and writer for device import/export: quoted fields may hold commas,
// line breaks and "" escapes; a UTF-8 BOM (Excel's "CSV UTF-8") is dropped; CRLF and LF both end rows.
// A malformed record is kept with an error, so that one bad line does not spoil the others.

export interface CsvRecord {
  /** 1-based line number where the record starts (the header is line 1). */
  line: number;
  fields: string[];
  /** Set when the record is malformed (a stray quote); its fields are then best effort. */
  error?: string;
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
    this.name = 'CsvSyntaxError';
  }
}

/** Every record of `text`, blank lines left out. Throws CsvSyntaxError only for an unclosed quote. */
export function parseCsv(text: string): CsvRecord[] {
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const out: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let start = 1;
  let quoted = false; // inside a quoted field
  let wasQuoted = false; // the current field was quoted (then only a separator may follow)
  let error: string | undefined;
  const endRecord = () => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0] === '' && !wasQuoted))
      out.push({ line: start, fields, ...(error !== undefined ? { error } : {}) });
    fields = [];
    field = '';
    wasQuoted = false;
    error = undefined;
  };
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quoted) {
      if (c === '"') {
        if (s[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (c === '\n') line++;
        field += c;
      }
      continue;
    }
    if (c === ',') {
      fields.push(field);
      field = '';
      wasQuoted = false;
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && s[i + 1] === '\n') i++;
      endRecord();
      line++;
      start = line;
    } else if (c === '"' && field === '' && !wasQuoted) {
      quoted = true;
      wasQuoted = true;
    } else {
      if (c === '"')
        error ??= 'a quote inside an unquoted field; quote the whole field and double inner quotes ("")';
      else if (wasQuoted) error ??= 'text after the closing quote of a field';
      field += c;
    }
  }
  if (quoted) throw new CsvSyntaxError(start, 'a quoted field is not closed');
  if (field !== '' || fields.length > 0 || wasQuoted) endRecord();
  return out;
}

/** One CSV field: quoted when it holds a separator, a quote or a line break. */
export function csvField(v: string | number | undefined | null): string {
  if (v === undefined || v === null) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(values: readonly (string | number | undefined | null)[]): string {
  return values.map(csvField).join(',');
}
