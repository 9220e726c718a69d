// The console's browser-test bench: a real dosi process (demo tenant, no simulated devices, admin login
// from the start-up log), a bin device profile and a threshold rule, Debian's Chromium driven by
// playwright-core, and the small actions the suites share (API calls, MQTT readings, logging in).
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startDosi, type DosiProcess } from './processes.ts';

export const CHROMIUM = '/usr/bin/chromium';
const ROOT = join(import.meta.dirname, '..', '..');
const SHOTS = process.env.DOSI_SCREENSHOTS === '1' ? join(ROOT, 'docs', 'screenshots') : null;
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Why the browser suites cannot run here, or null. */
export const missingChromium = existsSync(CHROMIUM)
  ? null
  : `${CHROMIUM} is missing: apt-get install -y chromium fonts-noto-cjk`;

export const PROFILE = {
  id: 'console-bin-v1',
  name: '음식물 수거함 / food waste bin',
  entityType: 'WasteContainer',
  reportingIntervalSec: 600,
  attributes: [{ key: 'fill', attr: 'fillingLevel', type: 'number', unitCode: 'P1', min: 0, max: 100 }],
};

export interface ConsoleBench {
  dosi: DosiProcess;
  admin: { username: string; password: string };
  /** Uncaught errors of every page opened with `openLoggedIn`. */
  pageErrors: string[];
  call(path: string, body?: unknown, tenant?: string): Promise<Record<string, any>>;
  newBin(id: string, location: [number, number]): Promise<{ id: string; secret: string; entityId: string }>;
  publish(bin: { id: string; secret: string }, fill: number): Promise<void>;
  openLoggedIn(lang: 'ko' | 'en', hash: string, viewport?: { width: number; height: number }): Promise<Page>;
  /** With DOSI_SCREENSHOTS=1: writes docs/screenshots/<name> (and checks it stays small). */
  shot(page: Page, name: string): Promise<void>;
  close(): Promise<void>;
}

export async function startConsoleBench(): Promise<ConsoleBench> {
  if (!existsSync(join(ROOT, 'web', 'dist', 'index.html'))) {
    const b = spawnSync('npm', ['run', '-s', 'build:web'], { cwd: ROOT, stdio: 'inherit' });
    assert.equal(b.status, 0, 'the console build failed');
  }
  // The demo tenant and its admin login (printed once) without the simulated devices.
  const dosi = await startDosi({ DOSI_DEMO: 'true', DOSI_SIM: 'false', DOSI_MEMORY: 'true' });
  const m = /"username":"([^"]+)","password":"([^"]+)"/.exec(dosi.log());
  assert.ok(m, `no admin login in the log:\n${dosi.log()}`);
  const admin = { username: m[1]!, password: m[2]! };
  const login = await fetch(`${dosi.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(admin),
  });
  const token = ((await login.json()) as { access_token: string }).access_token;
  const pageErrors: string[] = [];
  const userDir = mkdtempSync(join(tmpdir(), 'dosi-chromium-'));

  const call = async (path: string, body?: unknown, tenant?: string) => {
    const r = await fetch(dosi.url + path, {
      method: body === undefined ? 'GET' : 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        ...(tenant ? { 'ngsild-tenant': tenant } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await r.text();
    assert.ok(r.ok, `${path}: ${r.status} ${text}`);
    return JSON.parse(text) as Record<string, any>;
  };

  await call('/api/v1/device-profiles', PROFILE);
  await call('/api/v1/rules', {
    name: '수거함 넘침 / bin overflow',
    severity: 'major',
    category: 'waste',
    subCategory: 'overflow',
    target: { entityType: 'WasteContainer' },
    condition: { type: 'threshold', attr: 'fillingLevel', op: '>=', value: 90 },
  });
  let ctx: BrowserContext;
  try {
    ctx = await chromium.launchPersistentContext(userDir, {
      executablePath: CHROMIUM,
      args: FLAGS,
      viewport: { width: 1366, height: 768 },
    });
  } catch (err) {
    await dosi.kill();
    throw err;
  }

  return {
    dosi,
    admin,
    pageErrors,
    call,
    /** A bin with its MQTT secret. */
    async newBin(id, location) {
      const r = await call('/api/v1/devices', { id, profileId: PROFILE.id, location });
      return { id, secret: r.secret as string, entityId: r.device.entityId as string };
    },
    async publish(bin, fill) {
      const c = await mqtt.connectAsync(`mqtt://127.0.0.1:${dosi.mqttPort}`, {
        username: `${bin.id}@hanam`,
        password: bin.secret,
        reconnectPeriod: 0,
      });
      await c.publishAsync(`dosi/hanam/${bin.id}/attrs`, JSON.stringify({ fill }), { qos: 1 });
      await c.endAsync();
    },
    async openLoggedIn(lang, hash, viewport = { width: 1366, height: 768 }) {
      const page = await ctx.newPage();
      await page.setViewportSize(viewport);
      page.on('pageerror', (err) => pageErrors.push(err.message));
      await page.goto(`${dosi.url}/`);
      await page.click(`button[data-lang=${lang}]`);
      await page.fill('input[name=username]', admin.username);
      await page.fill('input[name=password]', admin.password);
      await page.click('button[type=submit]');
      await page.waitForSelector('header.top');
      await page.goto(`${dosi.url}/${hash}`);
      return page;
    },
    async shot(page, name) {
      if (!SHOTS) return;
      const path = join(SHOTS, name);
      await page.screenshot({ path });
      assert.ok(statSync(path).size < 500_000, `${name} is ${statSync(path).size} bytes`);
    },
    async close() {
      await ctx.close();
      await dosi.kill();
      rmSync(userDir, { recursive: true, force: true });
    },
  };
}
