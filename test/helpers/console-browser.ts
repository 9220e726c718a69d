// What the console's browser suites share: Debian's Chromium (headless, a fresh profile), a real dosi
// with the demo tenant and its admin login, API calls as that admin, logging in through the UI and
// screenshots (written only with DOSI_SCREENSHOTS=1).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
export const chromiumMissing = existsSync(CHROMIUM)
  ? null
  : `${CHROMIUM} is missing: apt-get install -y chromium fonts-noto-cjk`;

export interface ConsoleRig {
  dosi: DosiProcess;
  admin: { username: string; password: string };
  token: string;
  ctx: BrowserContext;
  /** Errors thrown in any page opened with openLoggedIn. */
  pageErrors: string[];
  /** An API call as the admin; POST when a body is given unless `method` says otherwise. */
  call(path: string, body?: unknown, o?: { tenant?: string; method?: string }): Promise<Record<string, any>>;
  openLoggedIn(lang: 'ko' | 'en', hash: string, viewport?: { width: number; height: number }): Promise<Page>;
  shot(page: Page, name: string): Promise<void>;
  close(): Promise<void>;
}

/** Builds the console if needed, starts dosi (demo tenant, no simulated devices) and Chromium. */
export async function startConsoleRig(env: Record<string, string> = {}): Promise<ConsoleRig> {
  if (!existsSync(join(ROOT, 'web', 'dist', 'index.html'))) {
    const b = spawnSync('npm', ['run', '-s', 'build:web'], { cwd: ROOT, stdio: 'inherit' });
    assert.equal(b.status, 0, 'the console build failed');
  }
  // The demo tenant and its admin login (printed once) without the simulated devices.
  const dosi = await startDosi({ DOSI_DEMO: 'true', DOSI_SIM: 'false', DOSI_MEMORY: 'true', ...env });
  const m = /"username":"([^"]+)","password":"([^"]+)"/.exec(dosi.log());
  assert.ok(m, `no admin login in the log:\n${dosi.log()}`);
  const admin = { username: m[1]!, password: m[2]! };
  const login = await fetch(`${dosi.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(admin),
  });
  const token = ((await login.json()) as { access_token: string }).access_token;
  const userDir = mkdtempSync(join(tmpdir(), 'dosi-chromium-'));
  const ctx = await chromium.launchPersistentContext(userDir, {
    executablePath: CHROMIUM,
    args: FLAGS,
    viewport: { width: 1366, height: 768 },
  });
  const pageErrors: string[] = [];
  return {
    dosi,
    admin,
    token,
    ctx,
    pageErrors,
    async call(path, body, o = {}) {
      const r = await fetch(dosi.url + path, {
        method: o.method ?? (body === undefined ? 'GET' : 'POST'),
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(o.tenant ? { 'ngsild-tenant': o.tenant } : {}),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await r.text();
      assert.ok(r.ok, `${path}: ${r.status} ${text}`);
      return JSON.parse(text) as Record<string, any>;
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
