// Character-level scanning for the NGSI-LD query language (NGSI-LD 1.8 §4.9). The grammar is
// context dependent (a value after `==` may hold `:` `-` `.` that mean other things elsewhere),
// so the parser asks the scanner for the kind of token it expects next.
import { QuerySyntaxError } from './errors.ts';
import { assertStorable } from './q-literal.ts';

/** Characters allowed in attribute names and keys: letters, digits and IRI punctuation. */
const NAME_CHAR = /[\p{L}\p{N}_\-:/#@+.~]/u;
/** Characters that end an unquoted value. */
const VALUE_END = new Set([';', '|', ')', ',', '(', '"', ' ', '\t', '\n', '\r']);

export class Scanner {
  pos = 0;

  constructor(readonly src: string) {
    // Values travel to PostgreSQL, whose text cannot hold NUL or lone surrogates.
    assertStorable(src);
  }

  atEnd(): boolean {
    return this.pos >= this.src.length;
  }

  peek(offset = 0): string {
    return this.src.charAt(this.pos + offset);
  }

  startsWith(s: string): boolean {
    return this.src.startsWith(s, this.pos);
  }

  skipSpace(): void {
    while (/\s/.test(this.peek()) && !this.atEnd()) this.pos++;
  }

  /** Consumes `s` when it is next (after blanks). */
  eat(s: string): boolean {
    this.skipSpace();
    if (!this.startsWith(s)) return false;
    this.pos += s.length;
    return true;
  }

  /** Describes what is at the current position, for error messages. */
  found(): string {
    if (this.atEnd()) return 'end of input';
    return JSON.stringify(this.src.slice(this.pos, this.pos + 12));
  }

  fail(expected: string, at = this.pos): never {
    const saved = this.pos;
    this.pos = at;
    const found = this.found();
    this.pos = saved;
    throw new QuerySyntaxError(`expected ${expected}, found ${found}`, at);
  }

  /** A run of name characters; `~` only when not starting the `~=` operator. */
  readNameRun(): string {
    const start = this.pos;
    while (!this.atEnd()) {
      const c = String.fromCodePoint(this.src.codePointAt(this.pos) ?? 0);
      if (!NAME_CHAR.test(c) || (c === '~' && this.peek(1) === '=')) break;
      this.pos += c.length;
    }
    return this.src.slice(start, this.pos);
  }

  /**
   * A double-quoted string. `\"` always stands for `"`; with `unescapeAll`, `\\` stands for `\`
   * too (else it is kept, for regular expressions); any other backslash is kept as it is.
   */
  readQuoted(unescapeAll: boolean): string {
    const start = this.pos;
    this.pos++; // opening quote
    let out = '';
    while (!this.atEnd()) {
      const c = this.peek();
      if (c === '"') {
        this.pos++;
        return out;
      }
      if (c === '\\' && (this.peek(1) === '"' || this.peek(1) === '\\')) {
        // Without unescapeAll a `\\` pair stays as it is (a regex escape), but is still skipped
        // as a pair so that in `"\\"` the last quote ends the string.
        out += this.peek(1) === '\\' && !unescapeAll ? '\\\\' : this.peek(1);
        this.pos += 2;
        continue;
      }
      out += c;
      this.pos++;
    }
    throw new QuerySyntaxError('unterminated quoted string', start);
  }

  /** An unquoted value: up to a logical operator, `)`, `,`, a blank or the range dots `..`. */
  readBare(): string {
    const start = this.pos;
    while (!this.atEnd() && !VALUE_END.has(this.peek()) && !this.startsWith('..')) this.pos++;
    return this.src.slice(start, this.pos);
  }

  /**
   * An unquoted regular expression: up to `;` or `|` outside the pattern's own groups and
   * classes, or a `)` that closes a group of the query. Quote the pattern to use `|` in it.
   */
  readBarePattern(): string {
    const start = this.pos;
    let depth = 0;
    let inClass = false;
    while (!this.atEnd()) {
      const c = this.peek();
      if (c === '\\') {
        this.pos += 2;
        continue;
      }
      if (inClass) inClass = c !== ']';
      else if (c === '[') inClass = true;
      else if (c === '(') depth++;
      else if (c === ')' && depth === 0) break;
      else if (c === ')') depth--;
      else if ((c === ';' || c === '|') && depth === 0) break;
      this.pos++;
    }
    this.pos = Math.min(this.pos, this.src.length);
    return this.src.slice(start, this.pos);
  }
}
