// The `dosi` command: serve, manage tenants and users, print tokens, generate docs.
import { Command, Option } from 'commander';
import { pino } from 'pino';
import { configDoc, loadConfig, type Config } from './config/index.ts';
import { ROLES, type Role } from './identity/index.ts';
import { isDosiError } from './kernel/index.ts';
import { errorsDoc } from './kernel/errors-doc.ts';
import { createPlatform, startServer, type Platform } from './server.ts';
import { registerDeviceCommands } from './devices/cli.ts';
import { registerSimCommand } from './sim/index.ts';
import { registerVrpCommand } from './vrp/index.ts';

const program = new Command('dosi')
  .description('dosi (도시) — the open smart-city integrated platform')
  .showHelpAfterError();

function configFrom(cmd: Command): Config {
  const o = cmd.optsWithGlobals<{
    port?: string;
    dataDir?: string;
    databaseUrl?: string;
    memory?: boolean;
    auth?: string;
    config?: string;
  }>();
  const flags: Record<string, unknown> = {
    port: o.port,
    dataDir: o.dataDir,
    databaseUrl: o.databaseUrl,
    memory: o.memory,
    auth: o.auth,
  };
  return loadConfig({ flags, ...(o.config ? { file: o.config } : {}) });
}

/** Opens the platform (database, migrations) without listening or processing. */
async function openPlatform(cmd: Command): Promise<Platform> {
  const config = configFrom(cmd);
  return createPlatform({
    config: { ...config, logLevel: 'warn', mqtt: false, role: 'ingest' },
    log: pino({ level: 'warn' }),
  });
}

/** Opens the platform, runs fn, closes. */
async function withPlatform<T>(cmd: Command, fn: (p: Platform) => Promise<T>): Promise<T> {
  const p = await openPlatform(cmd);
  try {
    return await fn(p);
  } finally {
    await p.close();
  }
}

program
  .option('--config <file>', 'JSON configuration file (DOSI_CONFIG)')
  .option('--data-dir <dir>', 'data directory (DOSI_DATA_DIR)')
  .option('--database-url <url>', 'PostgreSQL URL (DOSI_DATABASE_URL); absent = embedded')
  .option('--memory', 'embedded database in memory only (DOSI_MEMORY)');

program
  .command('serve')
  .description('start dosi (API, NGSI-LD broker, console)')
  .option('-p, --port <port>', 'HTTP port (DOSI_PORT)')
  .addOption(new Option('--auth <mode>', 'authentication (DOSI_AUTH)').choices(['jwt', 'none']))
  .action(async (_o, cmd: Command) => {
    const p = await startServer({ config: configFrom(cmd) });
    const port = (p.app.server.address() as { port: number } | null)?.port ?? p.config.port;
    console.error(
      `\n  dosi (도시) is running: http://localhost:${port}  (API docs: /docs, NGSI-LD: /ngsi-ld/v1)`,
    );
    if (p.demoLogin)
      console.error(
        `  demo tenant hanam (하남시) created — admin login: ${p.demoLogin.username} / ${p.demoLogin.password}  (shown once)\n`,
      );
    const stop = (signal: string) => {
      p.log.info({ signal }, 'shutting down');
      const timer = setTimeout(() => process.exit(1), 15_000);
      timer.unref();
      p.close().then(
        () => process.exit(0),
        (err: unknown) => {
          p.log.error({ err }, 'shutdown failed');
          process.exit(1);
        },
      );
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });

const tenant = program.command('tenant').description('manage tenants (municipalities)');
tenant
  .command('create <code>')
  .description(
    'create a tenant, e.g. dosi tenant create goyang --name-ko 고양시 --name-en Goyang-si --admin-code 41280',
  )
  .requiredOption('--name-ko <name>', 'Korean name')
  .requiredOption('--name-en <name>', 'English name')
  .requiredOption('--admin-code <code>', 'administrative code (행정구역코드)')
  .option('--bounds <minLon,minLat,maxLon,maxLat>', 'map bounds')
  .action(
    async (
      code: string,
      o: { nameKo: string; nameEn: string; adminCode: string; bounds?: string },
      cmd: Command,
    ) => {
      await withPlatform(cmd, async (p) => {
        const bounds = o.bounds
          ? (o.bounds.split(',').map(Number) as [number, number, number, number])
          : null;
        const t = await p.identity.createTenant({
          code,
          nameKo: o.nameKo,
          nameEn: o.nameEn,
          adminCode: o.adminCode,
          bounds,
        });
        console.log(JSON.stringify(t, null, 2));
      });
    },
  );
tenant
  .command('list')
  .description('list tenants')
  .action(async (_o, cmd: Command) => {
    await withPlatform(cmd, async (p) => {
      for (const t of await p.identity.listTenants())
        console.log(`${t.code}\t${t.adminCode}\t${t.nameKo}\t${t.nameEn}`);
    });
  });

const user = program.command('user').description('manage users');
user
  .command('create <username>')
  .description(
    'create a user with a role in a tenant (the password is read from DOSI_NEW_PASSWORD or generated)',
  )
  .requiredOption('--tenant <code>', 'tenant')
  .addOption(new Option('--role <role>', 'role in the tenant').choices([...ROLES]).makeOptionMandatory())
  .option('--platform-admin', 'may manage every tenant')
  .action(
    async (username: string, o: { tenant: string; role: Role; platformAdmin?: boolean }, cmd: Command) => {
      await withPlatform(cmd, async (p) => {
        const generated = !process.env.DOSI_NEW_PASSWORD;
        const password = process.env.DOSI_NEW_PASSWORD ?? randomPassword();
        const u = await p.identity.createUser({
          username,
          password,
          platformAdmin: o.platformAdmin ?? false,
        });
        await p.identity.grantRole(u.id, o.tenant, o.role);
        console.log(
          `created ${username} (${u.id}) as ${o.role} of ${o.tenant}${generated ? `; password: ${password}` : ''}`,
        );
      });
    },
  );

program
  .command('token')
  .description('print a bearer token for scripts')
  .requiredOption('--tenant <code>', 'tenant')
  .addOption(new Option('--role <role>', 'role').choices([...ROLES]).default('viewer'))
  .option('--subject <sub>', 'subject (sub claim)', 'urn:dosi:script')
  .option('--ttl <seconds>', 'lifetime in seconds', '3600')
  .action(async (o: { tenant: string; role: Role; subject: string; ttl: string }, cmd: Command) => {
    await withPlatform(cmd, async (p) => {
      await p.identity.getTenant(o.tenant);
      const { token } = await p.identity.issueToken({
        subject: o.subject,
        tenant: o.tenant,
        roles: [o.role],
        ttlSeconds: Number(o.ttl),
      });
      console.log(token);
    });
  });

program
  .command('migrate')
  .description('apply database migrations and exit')
  .action(async (_o, cmd: Command) => {
    await withPlatform(cmd, async () => console.log('migrations applied'));
  });

program
  .command('config-doc')
  .description('print docs/CONFIG.md generated from the configuration schema')
  .action(() => {
    process.stdout.write(configDoc());
  });

program
  .command('errors-doc')
  .description('print docs/ERRORS.md generated from the error registry')
  .action(() => {
    process.stdout.write(errorsDoc());
  });

function randomPassword(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(15))).toString('base64url');
}

registerDeviceCommands(program, async (cmd) => {
  const p = await openPlatform(cmd);
  return { devices: p.devices, close: () => p.close() };
});
registerSimCommand(program);
registerVrpCommand(program);

program.parseAsync().catch((err: unknown) => {
  console.error(isDosiError(err) ? `dosi: ${err.code}: ${err.message}` : `dosi: ${(err as Error).message}`);
  process.exit(1);
});
