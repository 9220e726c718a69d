// The collection plan screen in a real headless Chromium against a real dosi process: bins filled over
// HTTP ingest, a two-truck fleet and a plan made through the API; the screen shows each truck's
// stops and route line, makes a new plan, follows a truck's report live, prints a route sheet and
// downloads GPX and GeoJSON — in Korean, then a label in English.
// DOSI_SCREENSHOTS=1 writes docs/screenshots/console-waste-*.png.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { chromiumMissing, startConsoleRig, type ConsoleRig } from './helpers/console-browser.ts';
import { waitFor } from './helpers/processes.ts';

const missing = chromiumMissing;
if (missing && process.env.CI === 'true') {
  test('console browser tests need Chromium', () => assert.fail(missing));
}

const DEPOT: [number, number] = [127.2149, 37.5392];
const DONGS = ['덕풍1동', '신장2동', '풍산동'];

interface Stop {
  seq: number;
  binId: string;
  state: string;
}
interface Plan {
  id: string;
  routes: { truckId: string; truckName: string; stops: Stop[] }[];
}

describe('collection plan screen in Chromium', { skip: missing ?? false }, () => {
  let rig: ConsoleRig;
  let plan: Plan;
  const areaOf = new Map<string, string>();
  const enc = encodeURIComponent;

  before(async () => {
    rig = await startConsoleRig();
    await rig.call('/api/v1/waste/sensor-profile', undefined, { method: 'PUT' });
    // 12 bins around the depot: eight over the threshold, four half full; two readings an hour apart
    // at the same level, so nothing fills further before the shift.
    const now = Date.now();
    const bins: { id: string; entityId: string; fill: number }[] = [];
    for (let i = 0; i < 12; i++) {
      const a = (2 * Math.PI * i) / 12;
      const dong = DONGS[i % 3]!;
      const d = await rig.call('/api/v1/devices', {
        id: `bin-${i}`,
        profileId: 'waste-container',
        name: `${dong} 음식물 수거함 ${i + 1}`,
        location: [DEPOT[0] + 0.015 * Math.cos(a), DEPOT[1] + 0.012 * Math.sin(a)],
      });
      const fill = i < 8 ? 82 + i : 30 + 5 * i;
      for (const ago of [3_600_000, 60_000]) {
        const r = await fetch(`${rig.dosi.url}/api/v1/ingest/hanam/bin-${i}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${d.secret as string}`, 'content-type': 'application/json' },
          body: JSON.stringify({ fill, ts: new Date(now - ago).toISOString() }),
        });
        assert.equal(r.status, 201, await r.text());
      }
      bins.push({ id: `bin-${i}`, entityId: d.device.entityId as string, fill });
      areaOf.set(d.device.entityId as string, dong);
    }
    await waitFor(
      async () => {
        const r = await rig.call('/api/v1/waste/bins?limit=100');
        return (
          (r.bins as { observedAt: string }[]).filter((b) => Date.parse(b.observedAt) > now - 120_000)
            .length === 12
        );
      },
      20_000,
      'the bins to take their readings',
    );
    await rig.call(
      '/api/v1/waste/fleet',
      {
        depot: { name: '하남 자원순환센터', location: DEPOT },
        trucks: [
          { id: 't1', name: '1호차', capacityL: 600 },
          { id: 't2', name: '2호차', capacityL: 600 },
        ],
      },
      { method: 'PUT' },
    );
    plan = (await rig.call('/api/v1/waste/plans', { timeLimitMs: 500, seed: 1 })) as Plan;
    assert.equal(plan.routes.length, 2, 'eight bins of ~100 L need both trucks');
  });

  after(async () => {
    await rig?.close();
  });

  /** The `data-bin` of each element, in order. */
  const binsIn = async (loc: ReturnType<Page['locator']>) =>
    Promise.all((await loc.all()).map((e) => e.getAttribute('data-bin')));
  const stopsOf = (page: Page, truckId: string) =>
    page.locator(`.truck-route[data-truck="${truckId}"] ol.stops li`);

  test('the plan: each truck with its stops in the list and its line on the map', async () => {
    const page = await rig.openLoggedIn('ko', '#/waste');
    await page.waitForSelector(`.waste-page[data-plan="${plan.id}"]`, { timeout: 10_000 });
    await page.waitForSelector(`.map[data-ready=yes][data-route-lines="${plan.routes.length}"]`, {
      timeout: 15_000,
    });
    assert.equal(await page.textContent('nav a[data-nav=waste]'), '수거 계획');
    for (const r of plan.routes) {
      assert.match(
        (await page.textContent(`.truck-route[data-truck="${r.truckId}"] h4`)) ?? '',
        new RegExp(r.truckName),
      );
      assert.deepEqual(
        await binsIn(stopsOf(page, r.truckId)),
        r.stops.map((s) => s.binId),
      );
      assert.equal(await page.locator(`.stop-marker[data-truck="${r.truckId}"]`).count(), r.stops.length);
    }
    assert.equal(await page.locator('.depot-marker').count(), 1);
    assert.match((await page.textContent('.map-legend')) ?? '', /12 수거함/);
    await rig.shot(page, 'console-waste-ko-1366x768.png');
    // clicking a stop centres the map on it
    const first = plan.routes[0]!.stops.at(-1)!;
    await stopsOf(page, plan.routes[0]!.truckId).last().click();
    await page.waitForSelector(`li.picked[data-bin="${first.binId}"]`);
    // no part of the screen scrolls sideways at 1366×768
    assert.ok(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth'));
    await page.close();
  });

  test('regenerate makes a new plan; a truck report marks its stop done live', async () => {
    const page = await rig.openLoggedIn('ko', '#/waste');
    await page.waitForSelector(`.waste-page[data-plan="${plan.id}"]`, { timeout: 10_000 });
    await page.waitForSelector('header .live[data-live=ws]', { timeout: 5000 });
    // The solver may answer quickly: record the spinner whenever it shows rather than race it.
    await page.evaluate(`window.spun = false;
      new MutationObserver(() => {
        if (document.querySelector('button[data-action=regenerate] .spinner')) window.spun = true;
      }).observe(document.body, { subtree: true, childList: true });`);
    await page.click('button[data-action=regenerate]');
    await page.waitForSelector(`.waste-page[data-plan]:not([data-plan="${plan.id}"])`, { timeout: 30_000 });
    assert.equal(await page.evaluate('window.spun'), true, 'a spinner while the routes are planned');
    const next = (await rig.call('/api/v1/waste/plans/current')) as Plan;
    assert.notEqual(next.id, plan.id);
    assert.equal(await page.getAttribute('.waste-page', 'data-plan'), next.id);
    plan = next;

    const truck = plan.routes[0]!.truckId;
    const stop = plan.routes[0]!.stops[0]!;
    const row = `.truck-route[data-truck="${truck}"] li[data-bin="${stop.binId}"]`;
    assert.equal(await page.getAttribute(row, 'data-state'), 'pending');
    const t0 = Date.now();
    await rig.call(`/api/v1/waste/bins/${enc(stop.binId)}/emptied`, {});
    await page.waitForSelector(`${row}[data-state=done]`, { timeout: 2000 });
    const ms = Date.now() - t0;
    assert.ok(ms <= 2000, `done after ${ms} ms`);
    assert.equal(await page.textContent(`${row} .st`), '완료');
    await page.waitForSelector(`.stop-marker.done[data-truck="${truck}"]`, { timeout: 2000 });
    await page.close();
  });

  test('the route sheet lists the stops with their 동 and prints without the header', async () => {
    const page = await rig.openLoggedIn('ko', '#/waste');
    const r = plan.routes[0]!;
    await page.click(`a[data-sheet="${r.truckId}"]`);
    await page.waitForSelector(`.route-sheet[data-truck="${r.truckId}"]`);
    const rows = page.locator('table.sheet tbody tr');
    await page.waitForSelector(`table.sheet tbody td:text-is("${areaOf.get(r.stops[0]!.binId)}")`);
    assert.deepEqual(
      await binsIn(rows),
      r.stops.map((s) => s.binId),
    );
    const cells = await rows.first().locator('td').allTextContents();
    assert.equal(cells[0], '1');
    assert.equal(cells[2], areaOf.get(r.stops[0]!.binId));
    assert.match(cells[6] ?? '', /^☑ \d\d:\d\d$/, 'the stop reported emptied is ticked with its time');
    assert.match(
      (await page.textContent('table.sheet tfoot')) ?? '',
      new RegExp(`${r.stops.length} 수거 지점`),
    );
    assert.equal(await page.textContent('button[data-action=print]'), '인쇄');
    await rig.shot(page, 'console-waste-sheet-ko.png');
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.isVisible('header.top'), false);
    assert.equal(await page.isVisible('table.sheet'), true);
    await page.close();
  });

  test('GPX per truck and GeoJSON for all are downloaded with the session', async () => {
    const page = await rig.openLoggedIn('ko', '#/waste');
    await page.waitForSelector(`.waste-page[data-plan="${plan.id}"]`, { timeout: 10_000 });
    const r = plan.routes[1]!;
    const [gpx] = await Promise.all([
      page.waitForEvent('download'),
      page.click(`.truck-route[data-truck="${r.truckId}"] button[data-download=gpx]`),
    ]);
    assert.equal(gpx.suggestedFilename(), `collection-plan-${r.truckId}.gpx`);
    const text = readFileSync(await gpx.path(), 'utf8');
    assert.match(text, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<gpx version="1.1"/);
    assert.equal((text.match(/<rte>/g) ?? []).length, 1);
    assert.equal((text.match(/<rtept /g) ?? []).length, r.stops.length + 2, 'depot, stops, depot');
    const [all] = await Promise.all([
      page.waitForEvent('download'),
      page.click('.plan-downloads button[data-download=geojson]'),
    ]);
    const fc = JSON.parse(readFileSync(await all.path(), 'utf8')) as {
      features: { properties: { kind: string } }[];
    };
    assert.equal(fc.features.filter((f) => f.properties.kind === 'route').length, plan.routes.length);
    await page.close();
  });

  test('English labels; the fixed-schedule comparison only when the server has it', async () => {
    const page = await rig.openLoggedIn('ko', '#/waste');
    await page.waitForSelector(`.waste-page[data-plan="${plan.id}"]`, { timeout: 10_000 });
    await page.click('header button[data-lang=en]');
    assert.equal(await page.textContent('nav a[data-nav=waste]'), 'Collection');
    assert.match((await page.textContent('button[data-action=regenerate]')) ?? '', /Regenerate plan/);
    assert.match(
      (await page.textContent(`a[data-sheet="${plan.routes[0]!.truckId}"]`)) ?? '',
      /Print route sheet/,
    );
    const sim = await fetch(`${rig.dosi.url}/api/v1/waste/simulation?days=30`, {
      headers: { authorization: `Bearer ${rig.token}` },
    });
    if (sim.ok) {
      await page.waitForSelector('.simulation');
      assert.match((await page.textContent('.simulation h4')) ?? '', /Fixed schedule vs planned/);
    } else assert.equal(await page.locator('.simulation').count(), 0);
    await page.close();
  });

  test('3840×2160: the map and the plan fill the screen', async () => {
    const page = await rig.openLoggedIn('ko', '#/waste', { width: 3840, height: 2160 });
    // Chromium draws WebGL in software here: a 4K map is slow on a busy machine.
    await page.waitForSelector(`.map[data-ready=yes][data-route-lines="${plan.routes.length}"]`, {
      timeout: 30_000,
    });
    const map = await page.locator('.map').boundingBox();
    assert.ok(map && map.width > 2800 && map.height > 1900, JSON.stringify(map));
    const side = await page.locator('.plan-side').boundingBox();
    assert.ok(side && side.x + side.width <= 3840 && side.width > 400, JSON.stringify(side));
    await page.close();
    assert.deepEqual(rig.pageErrors, []);
  });
});
