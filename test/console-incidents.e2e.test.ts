// Incidents in the console, in a real headless Chromium against a real dosi process: two MQTT readings
// raise two alarms, the operator checks both in the queue and groups them into a new incident, then on
// the incident assigns it to themself, comments, acknowledges and dispatches it (handed over to the
// disaster room's receiver, shown in the hand-over log), takes one alarm out and puts it back from the
// alarm detail. DOSI_SCREENSHOTS=1 writes the incident screenshots of docs/screenshots/.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { missingChromium, startConsoleBench, type ConsoleBench } from './helpers/console.ts';
import { startReceiver, type Receiver } from './helpers/notify-receiver.ts';

const missing = missingChromium;
const enc = encodeURIComponent;

describe('incidents in the console', { skip: missing ?? false }, () => {
  let bench: ConsoleBench;
  let room: Receiver;
  /** entity id → alarm id */
  const alarms = new Map<string, string>();
  let incidentId = '';
  const TITLE = '덕풍동 수거함 두 곳 넘침';

  before(async () => {
    bench = await startConsoleBench();
    room = await startReceiver();
    // takes every category, so it receives incidents (which have none)
    await bench.call('/api/v1/notify/agencies', {
      name: '하남시 재난상황실',
      kind: 'disaster-room',
      url: `${room.url}/room`,
    });
    // a dome camera between the two bins sees both (the incident's place is its first alarm's)
    await bench.call('/api/v1/cameras', {
      id: 'cam-deokpung',
      name: '덕풍 돔',
      location: [127.2148, 37.5395],
      direction: 0,
      fieldOfView: 360,
      range: 200,
    });
  });

  after(async () => {
    await bench?.close();
    await room?.close();
  });

  test('Korean: two alarms grouped in the queue, handled and dispatched as one incident', async (t) => {
    const bins = [
      await bench.newBin('incident-bin-1', [127.2148, 37.5393]),
      await bench.newBin('incident-bin-2', [127.2149, 37.5397]),
    ];
    for (const b of bins) await bench.publish(b, 40);
    const page = await bench.openLoggedIn('ko', '#/alarms');
    for (const b of bins) await bench.publish(b, 96);
    const row = (entityId: string) => `tr.alarm-row:has(td:text-is("${entityId}"))`;
    for (const b of bins) {
      await page.waitForSelector(row(b.entityId), { timeout: 5000 });
      const l = await bench.call(`/api/v1/alarms?entityId=${enc(b.entityId)}`);
      alarms.set(b.entityId, l.alarms[0].id as string);
    }

    // Check both, group them into a new incident.
    assert.equal(await page.locator('form.group-incident').count(), 0, 'no bar before a choice');
    for (const b of bins) await page.check(`${row(b.entityId)} input[name=select]`);
    assert.equal(await page.getAttribute('form.group-incident [data-selected]', 'data-selected'), '2');
    assert.equal(await page.textContent('button[data-action=group]'), '새 사건으로 묶기');
    await page.fill('input[name=incident-title]', TITLE);
    const t0 = Date.now();
    await page.click('button[data-action=group]');
    const link = await page.waitForSelector('.grouped a[data-incident]', { timeout: 5000 });
    incidentId = (await link.getAttribute('data-incident'))!;
    assert.match(incidentId, /^urn:dosi:incident:/);
    // both rows now link to the incident and can no longer be checked
    for (const b of bins) {
      await page.waitForSelector(`${row(b.entityId)} a.in-incident[data-incident="${incidentId}"]`, {
        timeout: 5000,
      });
      assert.ok(await page.isDisabled(`${row(b.entityId)} input[name=select]`));
    }
    const groupedMs = Date.now() - t0;

    // Open it: two members, facts, only "acknowledge" while open.
    await link.click();
    const detail = `.incident-detail[data-incident="${incidentId}"]`;
    await page.waitForSelector(`${detail}[data-state=open]`, { timeout: 5000 });
    assert.equal(((await page.textContent(`${detail} h2`)) ?? '').trim().endsWith(TITLE), true);
    await page.waitForSelector('.members small[data-count="2"]', { timeout: 5000 });
    const members = await page.locator('tr.member-alarm').all();
    const memberIds = await Promise.all(members.map((m) => m.getAttribute('data-alarm')));
    assert.deepEqual(memberIds.sort(), [...alarms.values()].sort());
    assert.deepEqual(await page.locator(`${detail} .incident-actions button`).allTextContents(), ['확인']);

    // Assign to me; comment.
    await page.click('button[data-action=assign-me]');
    await page.waitForSelector(`dd[data-assignee="${bench.admin.username}"]`, { timeout: 5000 });
    await page.fill('textarea[name=comment]', '현장 순찰 요청함');
    await page.click('button[data-action=comment]');
    await page.waitForSelector('ol.audit li[data-audit=comment]', { timeout: 5000 });
    assert.match((await page.textContent('ol.audit li[data-audit=comment]')) ?? '', /현장 순찰 요청함/);
    assert.equal(await page.inputValue('textarea[name=comment]'), '', 'the box empties after saving');

    // Acknowledge, then dispatch: the hand-over reaches the disaster room and shows in the log.
    await page.click(`${detail} button[data-action=ack]`);
    await page.waitForSelector(`${detail}[data-state=acknowledged]`, { timeout: 5000 });
    assert.deepEqual(await page.locator(`${detail} .incident-actions button`).allTextContents(), [
      '출동 요청 (유관기관 전달)',
      '해결',
    ]);
    await page.click(`${detail} button[data-action=dispatch]`);
    await page.waitForSelector(`${detail}[data-state=dispatched]`, { timeout: 5000 });
    const got = await room.waitFor((r) => r.path === '/room', 10_000);
    assert.equal(got.body.subject, 'incident');
    assert.equal(got.body.incident.id, incidentId);
    assert.equal(got.body.incident.alarmIds.length, 2);
    assert.deepEqual(
      got.body.cameras.map((c: { camera: { id: string } }) => c.camera.id),
      ['urn:ngsi-ld:Camera:cam-deokpung'],
    );
    const delivered = '.deliveries tr[data-state=delivered]';
    await page.waitForSelector(delivered, { timeout: 10_000 });
    assert.match(
      (await page.textContent(delivered)) ?? '',
      /하남시 재난상황실 · 재난상황실.*웹훅.*전달됨.*시도 1 · HTTP 200/,
    );
    assert.deepEqual(await page.locator(`${detail} .incident-actions button`).allTextContents(), ['해결']);

    // The audit trail has every step, by this operator.
    for (const a of ['created', 'assign', 'comment', 'ack', 'dispatch'])
      await page.waitForSelector(`ol.audit li[data-audit="${a}"]`, { timeout: 5000 });
    const dispatched = (await page.textContent('ol.audit li[data-audit=dispatch]')) ?? '';
    assert.ok(dispatched.includes('확인됨 → 출동') && dispatched.includes('urn:dosi:user:'), dispatched);
    assert.match(
      (await page.textContent('ol.audit li[data-audit=assign]')) ?? '',
      new RegExp(`\\(nobody\\) → ${bench.admin.username}`),
    );
    await page.waitForSelector('.nearby-cameras li[data-camera="urn:ngsi-ld:Camera:cam-deokpung"]', {
      timeout: 5000,
    });
    await bench.shot(page, 'console-incident-ko-1366x768.png');

    // The list shows it live, with its alarm count and assignee.
    await page.click('a[data-nav=incidents]');
    const listed = `tr.incident-row[data-incident="${incidentId}"]`;
    await page.waitForSelector(listed, { timeout: 5000 });
    assert.equal(await page.getAttribute(listed, 'data-state'), 'dispatched');
    assert.equal(await page.textContent(`${listed} td[data-alarms]`), '2');
    assert.ok(((await page.textContent(listed)) ?? '').includes(bench.admin.username));
    await page.close();
    assert.deepEqual(bench.pageErrors, []);
    t.diagnostic(`grouped in the queue and shown after ${groupedMs} ms`);
  });

  test('an alarm taken out of the incident goes back in from its detail', async () => {
    const page = await bench.openLoggedIn('ko', `#/incidents/${enc(incidentId)}`);
    await page.waitForSelector('.members small[data-count="2"]', { timeout: 5000 });
    const out = [...alarms.values()][1]!;
    await page.click(`tr.member-alarm[data-alarm="${out}"] button[data-action=remove-alarm]`);
    await page.waitForSelector('.members small[data-count="1"]', { timeout: 5000 });
    await page.waitForSelector('ol.audit li[data-audit=remove-alarm]', { timeout: 5000 });

    await page.goto(`${bench.dosi.url}/#/alarms/${enc(out)}`);
    await page.waitForSelector('.alarm-detail form.group-incident', { timeout: 5000 });
    await page.selectOption('.alarm-detail select[name=incident]', incidentId);
    assert.equal(await page.textContent('button[data-action=group]'), '사건에 추가');
    await page.click('button[data-action=group]');
    await page.waitForSelector(`.incident-detail[data-incident="${incidentId}"]`, { timeout: 5000 });
    await page.waitForSelector('.members small[data-count="2"]', { timeout: 5000 });
    await page.waitForSelector('ol.audit li[data-audit=add-alarms]', { timeout: 5000 });
    const a = await bench.call(`/api/v1/alarms/${enc(out)}`);
    assert.equal(a.incidentId, incidentId);
    await page.close();
    assert.deepEqual(bench.pageErrors, []);
  });

  test('English labels; the new-incident form; 3840×2160', async () => {
    const page = await bench.openLoggedIn('en', '#/incidents');
    await page.waitForSelector(`tr.incident-row[data-incident="${incidentId}"]`, { timeout: 5000 });
    assert.equal(await page.textContent('a[data-nav=incidents]'), 'Incidents');
    assert.deepEqual(await page.locator('.incident-list th').allTextContents(), [
      'Severity',
      'State',
      'Title',
      'Alarms',
      'Assignee',
      'Created',
      'Updated',
    ]);
    assert.equal(await page.textContent('button[data-action=create-incident]'), 'Create incident');
    // both live alarms are in the incident: none left to pick
    assert.equal(await page.locator('form.new-incident label.pick').count(), 0);
    await bench.shot(page, 'console-incidents-en-1366x768.png');
    await page.close();

    const big = await bench.openLoggedIn('ko', `#/incidents/${enc(incidentId)}`, {
      width: 3840,
      height: 2160,
    });
    await big.waitForSelector('.deliveries tr[data-state=delivered]', { timeout: 5000 });
    const box = await big.locator('.incident-detail .detail-grid').boundingBox();
    assert.ok(box && box.width > 3500, JSON.stringify(box));
    await bench.shot(big, 'console-incident-ko-3840x2160.png');
    await big.close();
    assert.deepEqual(bench.pageErrors, []);
  });
});
