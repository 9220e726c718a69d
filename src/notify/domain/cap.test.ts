import { test } from 'node:test';
import assert from 'node:assert/strict';
import { XMLParser } from 'fast-xml-parser';
import { CAP_NS, capAtomFeed, capDateTime, capXml, type CapAlert } from './cap.ts';
import { capStructureErrors } from './cap-structure.ts';

const ALERT: CapAlert = {
  identifier: 'hanam-incident-42',
  sender: 'dosi@hanam.go.kr',
  sent: '2026-12-03T10:00:00.123Z',
  status: 'Actual',
  msgType: 'Alert',
  category: 'Fire',
  event: '화재',
  urgency: 'Immediate',
  severity: 'Severe',
  certainty: 'Observed',
  senderName: '하남시 통합관제센터',
  headline: '덕풍동 화재 발생 <대피>',
  description: '덕풍역 인근 화재 & 연기',
  areaDesc: '하남시 덕풍동',
  circle: { center: [127.2148, 37.5393], radiusKm: 0.5 },
};

test('sent has seconds and the Korean offset, never Z or fractions (§3.3.2)', () => {
  assert.equal(capDateTime('2026-12-03T10:00:00.123Z'), '2026-12-03T19:00:00+09:00');
  assert.equal(capDateTime('2026-12-31T20:30:00Z'), '2027-01-01T05:30:00+09:00');
});

test('the CAP document parses, has every required element in schema order, and escapes text', () => {
  const xml = capXml(ALERT);
  assert.deepEqual(capStructureErrors(xml), []);
  const doc = new XMLParser({ ignoreAttributes: false }).parse(xml);
  const a = doc.alert;
  assert.equal(a['@_xmlns'], 'urn:oasis:names:tc:emergency:cap:1.2');
  assert.deepEqual(
    Object.keys(a).filter((k) => !k.startsWith('@_')),
    ['identifier', 'sender', 'sent', 'status', 'msgType', 'scope', 'info'],
  );
  assert.deepEqual(Object.keys(a.info), [
    'language',
    'category',
    'event',
    'urgency',
    'severity',
    'certainty',
    'senderName',
    'headline',
    'description',
    'area',
  ]);
  assert.equal(a.info.language, 'ko-KR');
  assert.equal(a.info.headline, '덕풍동 화재 발생 <대피>');
  assert.match(xml, /&lt;대피&gt;/);
  assert.equal(a.info.area.circle, '37.539300,127.214800 0.5');
  assert.equal(a.sent, '2026-12-03T19:00:00+09:00');
});

test('the structural check catches missing, misplaced and invalid elements', () => {
  const xml = capXml(ALERT);
  assert.match(
    capStructureErrors(xml.replace(/<sender>.*<\/sender>\n\s*/, '')).join(),
    /<sender> is required/,
  );
  const swapped = xml.replace(/(<status>.*<\/status>)(\s*)(<msgType>.*<\/msgType>)/, '$3$2$1');
  assert.notDeepEqual(capStructureErrors(swapped), []);
  assert.match(
    capStructureErrors(xml.replace('<urgency>Immediate', '<urgency>Now')).join(),
    /urgency: "Now"/,
  );
  assert.match(capStructureErrors(xml.replace('+09:00</sent>', 'Z</sent>')).join(), /not a CAP dateTime/);
  assert.match(capStructureErrors(xml.replace(CAP_NS, 'urn:x')).join(), /namespace/);
});

test('polygon coordinates are lat,lon pairs', () => {
  const { circle: _circle, ...noCircle } = ALERT;
  const ring: [number, number][] = [
    [127, 37],
    [127.1, 37],
    [127.1, 37.1],
    [127, 37],
  ];
  const xml = capXml({ ...noCircle, polygon: ring });
  assert.deepEqual(capStructureErrors(xml), []);
  assert.match(
    xml,
    /<polygon>37.000000,127.000000 37.000000,127.100000 37.100000,127.100000 37.000000,127.000000<\/polygon>/,
  );
});

test('the Atom feed parses and links each entry to its CAP document', () => {
  const xml = capAtomFeed({
    id: 'urn:dosi:cap:feed',
    title: 'dosi CAP',
    self: 'http://x/cap/alerts.atom',
    updated: '2026-12-03T10:00:00.000Z',
    entries: [{ alert: ALERT, href: 'http://x/cap/alerts/hanam-incident-42.xml' }],
  });
  const f = new XMLParser({ ignoreAttributes: false }).parse(xml).feed;
  assert.equal(f['@_xmlns'], 'http://www.w3.org/2005/Atom');
  assert.equal(f.entry.title, ALERT.headline);
  assert.equal(f.entry.link['@_type'], 'application/cap+xml');
  assert.equal(f.entry.link['@_href'], 'http://x/cap/alerts/hanam-incident-42.xml');
});
