// Prints a parsed q back as query text that parses to the same tree (logs, notifications,
// the round-trip property test).
import type { QAttrPath, QExpr, QValue } from './q-ast.ts';

export function formatQ(e: QExpr): string {
  switch (e.kind) {
    case 'or':
      return e.items.map(formatQ).join('|');
    case 'and':
      return e.items.map((i) => (i.kind === 'or' ? `(${formatQ(i)})` : formatQ(i))).join(';');
    case 'exists':
      return `${e.negated ? '!' : ''}${formatPath(e.path)}`;
    case 'compare':
      return `${formatPath(e.path)}${e.op}${formatValue(e.value)}`;
    case 'range':
      return `${formatPath(e.path)}${e.negated ? '!=' : '=='}${formatValue(e.low)}..${formatValue(e.high)}`;
    case 'list':
      return `${formatPath(e.path)}${e.negated ? '!=' : '=='}${e.values.map(formatValue).join(',')}`;
    case 'pattern': {
      const body = `${e.caseInsensitive ? '(?i)' : ''}${e.pattern}`.replaceAll('"', '\\"');
      return `${formatPath(e.path)}${e.negated ? '!~=' : '~='}"${body}"`;
    }
  }
}

export function formatPath(p: QAttrPath): string {
  const dotted = p.dotted.map((s) => `.${s}`).join('');
  return `${p.attr}${dotted}${p.keys.length > 0 ? `[${p.keys.join('.')}]` : ''}`;
}

function formatValue(v: QValue): string {
  if (v.kind === 'string') return `"${v.value.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
  return String(v.value);
}
