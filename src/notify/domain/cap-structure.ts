// A structural check of a CAP 1.2 document against the sequences of the CAP 1.2 XML schema
// (element names, order, required elements, enumerations) — hand-written, so no schema download.
import { XMLParser } from 'fast-xml-parser';
import { CAP_CATEGORIES, CAP_CERTAINTY, CAP_NS, CAP_SEVERITY, CAP_URGENCY } from './cap.ts';

type Spec = [name: string, min: number, max: number][];
const ALERT: Spec = [
  ['identifier', 1, 1],
  ['sender', 1, 1],
  ['sent', 1, 1],
  ['status', 1, 1],
  ['msgType', 1, 1],
  ['source', 0, 1],
  ['scope', 1, 1],
  ['restriction', 0, 1],
  ['addresses', 0, 1],
  ['code', 0, 99],
  ['note', 0, 1],
  ['references', 0, 1],
  ['incidents', 0, 1],
  ['info', 0, 99],
];
const INFO: Spec = [
  ['language', 0, 1],
  ['category', 1, 99],
  ['event', 1, 1],
  ['responseType', 0, 99],
  ['urgency', 1, 1],
  ['severity', 1, 1],
  ['certainty', 1, 1],
  ['audience', 0, 1],
  ['eventCode', 0, 99],
  ['effective', 0, 1],
  ['onset', 0, 1],
  ['expires', 0, 1],
  ['senderName', 0, 1],
  ['headline', 0, 1],
  ['description', 0, 1],
  ['instruction', 0, 1],
  ['web', 0, 1],
  ['contact', 0, 1],
  ['parameter', 0, 99],
  ['resource', 0, 99],
  ['area', 0, 99],
];
const AREA: Spec = [
  ['areaDesc', 1, 1],
  ['polygon', 0, 99],
  ['circle', 0, 99],
  ['geocode', 0, 99],
  ['altitude', 0, 1],
  ['ceiling', 0, 1],
];
const ENUMS: Record<string, readonly string[]> = {
  status: ['Actual', 'Exercise', 'System', 'Test', 'Draft'],
  msgType: ['Alert', 'Update', 'Cancel', 'Ack', 'Error'],
  scope: ['Public', 'Restricted', 'Private'],
  category: CAP_CATEGORIES,
  urgency: CAP_URGENCY,
  severity: CAP_SEVERITY,
  certainty: CAP_CERTAINTY,
};
const DATETIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/;
const CIRCLE = /^-?\d+(\.\d+)?,-?\d+(\.\d+)? \d+(\.\d+)?$/;

type Node = Record<string, unknown>;
const nameOf = (n: Node) => Object.keys(n).find((k) => k !== ':@' && k !== '#text') ?? '#text';
const textOf = (n: Node): string => {
  const kids = n[nameOf(n)] as Node[];
  return kids
    .map((k) => {
      const t = k['#text'];
      return typeof t === 'string' || typeof t === 'number' ? String(t) : '';
    })
    .join('');
};

function checkSeq(path: string, kids: Node[], spec: Spec, errors: string[]): void {
  const names = kids.map(nameOf).filter((n) => n !== '#text');
  let i = 0;
  for (const [name, min, max] of spec) {
    let n = 0;
    while (names[i] === name) {
      n++;
      i++;
    }
    if (n < min) errors.push(`${path}: <${name}> is required`);
    if (n > max) errors.push(`${path}: <${name}> at most ${max}`);
  }
  if (i < names.length) errors.push(`${path}: <${names[i]}> is unknown or out of order`);
  for (const k of kids) {
    const name = nameOf(k);
    const allowed = ENUMS[name];
    if (allowed && !allowed.includes(textOf(k))) errors.push(`${path}/${name}: "${textOf(k)}" not allowed`);
    if (['sent', 'effective', 'onset', 'expires'].includes(name) && !DATETIME.test(textOf(k)))
      errors.push(`${path}/${name}: "${textOf(k)}" is not a CAP dateTime`);
    if (name === 'circle' && !CIRCLE.test(textOf(k))) errors.push(`${path}/circle: "${textOf(k)}"`);
  }
}

/** Errors of the document; empty when it has the CAP 1.2 structure. */
export function capStructureErrors(xml: string): string[] {
  const errors: string[] = [];
  const doc = new XMLParser({ preserveOrder: true, ignoreAttributes: false }).parse(xml) as Node[];
  const root = doc.find((n) => nameOf(n) === 'alert');
  if (!root) return ['no <alert> root element'];
  const attrs = (root[':@'] ?? {}) as Record<string, string>;
  if (attrs['@_xmlns'] !== CAP_NS) errors.push(`alert: namespace must be ${CAP_NS}`);
  const kids = root.alert as Node[];
  checkSeq('alert', kids, ALERT, errors);
  for (const info of kids.filter((k) => nameOf(k) === 'info')) {
    const ik = info.info as Node[];
    checkSeq('alert/info', ik, INFO, errors);
    for (const area of ik.filter((k) => nameOf(k) === 'area'))
      checkSeq('alert/info/area', area.area as Node[], AREA, errors);
  }
  return errors;
}
