// The `dosi` command, run as a real process against an embedded database in a temporary directory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { decodeJwt } from 'jose';

const run = promisify(execFile);
const bin = new URL('../bin/dosi.js', import.meta.url).pathname;

test('tenant create, user create and token work on a fresh data directory', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dosi-cli-'));
  const env = {
    ...process.env,
    DOSI_DATA_DIR: dir,
    DOSI_LOG_LEVEL: 'warn',
    DOSI_NEW_PASSWORD: 'a-long-password-1',
  };
  try {
    const t = await run(
      process.execPath,
      [
        bin,
        'tenant',
        'create',
        'goyang',
        '--name-ko',
        '고양시',
        '--name-en',
        'Goyang-si',
        '--admin-code',
        '41280',
      ],
      { env },
    );
    assert.equal(JSON.parse(t.stdout).code, 'goyang');
    const list = await run(process.execPath, [bin, 'tenant', 'list'], { env });
    assert.match(list.stdout, /^goyang\t41280\t고양시\tGoyang-si$/m);
    const u = await run(
      process.execPath,
      [bin, 'user', 'create', 'kim', '--tenant', 'goyang', '--role', 'operator'],
      { env },
    );
    assert.match(u.stdout, /created kim .* as operator of goyang/);
    const tok = await run(process.execPath, [bin, 'token', '--tenant', 'goyang', '--role', 'analyst'], {
      env,
    });
    const claims = decodeJwt(tok.stdout.trim());
    assert.equal(claims.tenant, 'goyang');
    assert.deepEqual(claims.roles, ['analyst']);
    await assert.rejects(
      run(process.execPath, [bin, 'token', '--tenant', 'nowhere'], { env }),
      (err: { stderr: string; code: number }) => {
        assert.equal(err.code, 1);
        assert.match(err.stderr, /DOSI_ERR_TENANT_UNKNOWN/);
        return true;
      },
    );
    await assert.rejects(
      run(
        process.execPath,
        [bin, 'tenant', 'create', 'Bad Code', '--name-ko', 'x', '--name-en', 'x', '--admin-code', '1'],
        { env },
      ),
      /DOSI_ERR_TENANT_INVALID/,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
