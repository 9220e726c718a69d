// The operations console in a real headless Chromium against a real dosi process: log in, a reading over
// MQTT crosses a threshold, the alarm shows in the queue and on the map within 2 s, the operator
// acknowledges it in the UI and sees the audit entry — in Korean, then in English.
// DOSI_SCREENSHOTS=1 writes the screenshots of docs/screenshots/ (1366×768 and 3840×2160).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { missingChromium, startConsoleBench, type ConsoleBench } from './helpers/console.ts';

const missing = missingChromium;
if (missing && process.env.CI === 'true') {
  test('console browser tests need Chromium', () => assert.fail(missing));
}

describe('operations console in Chromium', { skip: missing ?? false }, () => {
  let bench: ConsoleBench;
  const call: ConsoleBench['call'] = (...a) => bench.call(...a);
  const newBin: ConsoleBench['newBin'] = (...a) => bench.newBin(...a);
  const publish: ConsoleBench['publish'] = (...a) => bench.publish(...a);
  const openLoggedIn: ConsoleBench['openLoggedIn'] = (...a) => bench.openLoggedIn(...a);
  const shot: ConsoleBench['shot'] = (...a) => bench.shot(...a);

  before(async () => {
    bench = await startConsoleBench();
    // A second municipality for the tenant switcher.
    await call('/api/v1/tenants', { code: 'siheung', nameKo: '시흥시', nameEn: 'Siheung-si' });
    await call(`/api/v1/users/${bench.admin.username}/roles`, { role: 'admin' }, 'siheung');
  });

  after(async () => {
    await bench?.close();
  });

  const scenario = async (lang: 'ko' | 'en', binId: string, at: [number, number]) => {
    const words =
      lang === 'ko'
        ? { ack: '확인', audit: '확인', acknowledged: '확인됨', queue: '경보 대기열' }
        : { ack: 'Acknowledge', audit: 'acknowledged', acknowledged: 'acknowledged', queue: 'Alarm queue' };
    const bin = await newBin(binId, at);
    // a camera 50 m south of the bin looking north sees it; the alarm detail must list it
    await call('/api/v1/cameras', {
      id: `cam-${binId}`,
      name: `${binId} camera`,
      location: [at[0], at[1] - 0.00045],
      direction: 0,
      fieldOfView: 90,
      range: 200,
    });
    await publish(bin, 40);
    const queue = await openLoggedIn(lang, '#/alarms');
    const map = await openLoggedIn(lang, '#/map');
    await map.waitForSelector('.map[data-ready=yes]', { timeout: 15_000 });
    await map.waitForSelector('.types li:has-text("WasteContainer")', { timeout: 15_000 });
    assert.match((await queue.textContent('h2')) ?? '', new RegExp(`^${words.queue}`));

    // The reading crosses the threshold: queue and map show it within 2 s.
    const row = `tr.alarm-row:has(td:text-is("${bin.entityId}"))`;
    const t0 = Date.now();
    await publish(bin, 97);
    await Promise.all([
      queue.waitForSelector(row, { timeout: 2000 }),
      map.waitForSelector(`.alarm-marker[data-entity="${bin.entityId}"]`, { timeout: 2000 }),
    ]);
    const seenMs = Date.now() - t0;
    assert.ok(seenMs <= 2000, `seen after ${seenMs} ms`);
    assert.equal(await queue.getAttribute(row, 'data-state'), 'open');
    assert.equal(await map.textContent(`.in-alarm li[data-entity="${bin.entityId}"]`), bin.entityId);
    assert.match((await map.textContent('.maplibregl-ctrl-attrib')) ?? '', /KOSTAT 2018, KOGL type 1/);
    await shot(map, `console-map-${lang}-1366x768.png`);

    // Acknowledge in the queue; the row moves to acknowledged and the detail shows the audit entry.
    assert.equal(await queue.textContent(`${row} button[data-action=ack]`), words.ack);
    await queue.click(`${row} button[data-action=ack]`);
    await queue.waitForSelector(`${row}[data-state=acknowledged]`, { timeout: 5000 });
    assert.equal(await queue.textContent(`${row} .st`), words.acknowledged);
    await queue.click(`${row} a`);
    await queue.waitForSelector('.alarm-detail ol.audit li[data-audit=ack]', { timeout: 5000 });
    const audit = (await queue.textContent('.alarm-detail ol.audit li[data-audit=ack]')) ?? '';
    assert.ok(audit.includes(words.audit), audit);
    assert.ok(audit.includes('urn:dosi:user:'), `the audit entry names the operator: ${audit}`);
    assert.ok(await queue.isVisible(`.alarm-detail button[data-action=dispatch]`));
    await queue.waitForSelector('.chart[data-points="2"]', { timeout: 5000 });
    const cam = `.nearby-cameras li[data-camera="urn:ngsi-ld:Camera:cam-${binId}"]`;
    await queue.waitForSelector(cam, { timeout: 5000 });
    assert.match((await queue.textContent(cam)) ?? '', new RegExp(`${binId} camera · 5\\d m`));
    await shot(queue, `console-alarm-${lang}-1366x768.png`);
    await queue.close();
    await map.close();
    assert.deepEqual(bench.pageErrors, []);
  };

  test('Korean: an MQTT reading raises an alarm seen in queue and map; acknowledged in the UI', async () => {
    await scenario('ko', 'console-bin-1', [127.2148, 37.5393]);
  });

  test('English: the same flow with English labels', async () => {
    await scenario('en', 'console-bin-2', [127.19, 37.56]);
  });

  test('tenant switcher, rule dry-run and an empty camera wall', async () => {
    const page = await openLoggedIn('en', '#/rules');
    assert.deepEqual(await page.locator('select[name=tenant] option').allTextContents(), [
      'hanam',
      'siheung',
    ]);
    await page.click('.rule-list li a');
    await page.click('button[data-action=dry-run]');
    await page.waitForSelector('.dry-run', { timeout: 10_000 });
    // Both bins crossed 90 once in the last 24 h.
    assert.equal(await page.getAttribute('.dry-run', 'data-fired'), '2');
    await page.goto(`${bench.dosi.url}/#/cameras`);
    // no camera has seen anything: the wall says so rather than showing idle cameras
    await page.waitForSelector('[data-cameras=empty]');
    assert.match((await page.textContent('[data-cameras=empty]')) ?? '', /No cameras to show/);
    await page.close();
  });

  test('3840×2160: the map and the queue fill the screen', async () => {
    const page = await openLoggedIn('ko', '#/map', { width: 3840, height: 2160 });
    await page.waitForSelector('.map[data-ready=yes]', { timeout: 15_000 });
    // Software WebGL at 4K is slow on a loaded machine: this checks the layout, not latency (the 2 s
    // budget is asserted at 1366×768 above).
    await page.waitForSelector('.alarm-marker', { timeout: 30_000 });
    const box = await page.locator('.map').boundingBox();
    assert.ok(box && box.width > 3000 && box.height > 1900, JSON.stringify(box));
    await shot(page, 'console-map-ko-3840x2160.png');
    await page.goto(`${bench.dosi.url}/#/alarms`);
    await page.waitForSelector('tr.alarm-row');
    const table = await page.locator('table.queue').boundingBox();
    assert.ok(table && table.width > 3500, JSON.stringify(table));
    await shot(page, 'console-alarms-ko-3840x2160.png');
    await page.close();
  });
});
