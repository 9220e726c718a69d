// Docs that are generated from code must match it: error codes and configuration.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { errorRegistry } from '../src/kernel/index.ts';
import { errorsDoc } from '../src/kernel/errors-doc.ts';
import { configDoc } from '../src/config/index.ts';

test('every error code is in docs/ERRORS.md, and the file is up to date', () => {
  const doc = readFileSync(new URL('../docs/ERRORS.md', import.meta.url), 'utf8');
  const codes = errorRegistry().map((d) => d.code);
  assert.ok(codes.length >= 20);
  for (const code of codes) assert.ok(doc.includes(`\`${code}\``), `${code} missing from docs/ERRORS.md`);
  assert.equal(doc, errorsDoc(), 'regenerate with: npm run -s dosi -- errors-doc > docs/ERRORS.md');
});

test('docs/CONFIG.md is generated from the config schema', () => {
  const doc = readFileSync(new URL('../docs/CONFIG.md', import.meta.url), 'utf8');
  assert.equal(doc, configDoc(), 'regenerate with: npm run -s dosi -- config-doc > docs/CONFIG.md');
  for (const v of [
    'DOSI_PORT',
    'DOSI_DATA_DIR',
    'DOSI_DATABASE_URL',
    'DOSI_MQTT_PORT',
    'DOSI_MQTT_URL',
    'DOSI_NATS_URL',
    'DOSI_AUTH',
  ])
    assert.ok(doc.includes(v), v);
});
