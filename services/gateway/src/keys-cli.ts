// `./visor keys create|revoke|list`: API key administration straight on the gateway's MySQL tables (the gateway's
// migrations run first, so it works before the gateway has ever started).
import { parseArgs } from 'node:util';
import { createPool, type Pool } from '@visor/store';
import { parseScopes } from './keys.ts';
import { createKey, ensureTenant, findTenantByName, listKeys, migrateGateway, revokeKey } from './store.ts';

export const DEFAULT_MYSQL_URL = 'mysql://visor:visor@127.0.0.1:3306/visor';

export const USAGE = `usage:
  ./visor keys create --tenant NAME [--scopes admin,enrol,verify] [--label TEXT] [--json]
      create the tenant when it does not exist and print a new API key for it (shown once: store it now);
      scopes: admin (everything), enrol (subjects and faces), verify (verify, identify, detect); default admin
  ./visor keys revoke KEYID          revoke a key at once (KEYID is the part after vsr_, before the next _)
  ./visor keys list --tenant NAME [--json]
      the tenant's keys: id, scopes, created, last used, revoked
The database is $VISOR_MYSQL_URL (default ${DEFAULT_MYSQL_URL}, the ./visor up instance).
`;

export type Io = { out: (text: string) => void; err: (text: string) => void; env: Record<string, string | undefined> };

const processIo: Io = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  env: process.env,
};

async function withPool<T>(io: Io, fn: (pool: Pool) => Promise<T>): Promise<T> {
  const pool = createPool(io.env.VISOR_MYSQL_URL || DEFAULT_MYSQL_URL, { connectionLimit: 2 });
  try {
    await migrateGateway(pool);
    return await fn(pool);
  } finally {
    await pool.end();
  }
}

const iso = (d: Date | null) => (d ? d.toISOString() : '-');

async function create(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      tenant: { type: 'string' },
      scopes: { type: 'string', default: 'admin' },
      label: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  if (!values.tenant) {
    io.err(`keys create: --tenant is required\n${USAGE}`);
    return 2;
  }
  const scopes = parseScopes(values.scopes);
  const tenantName = values.tenant;
  return withPool(io, async (pool) => {
    const { tenant, created } = await ensureTenant(pool, tenantName);
    const key = await createKey(pool, tenant.id, scopes, values.label);
    if (values.json) {
      io.out(
        `${JSON.stringify({ key: key.key, keyId: key.keyId, tenant: tenant.name, tenantId: tenant.id, scopes, tenantCreated: created })}\n`,
      );
    } else {
      io.err(
        `${created ? 'created' : 'existing'} tenant ${tenant.name} (${tenant.id}); key ${key.keyId} with scopes ` +
          `${scopes.join(',')}. The key is shown only now:\n`,
      );
      io.out(`${key.key}\n`);
    }
    return 0;
  });
}

async function revoke(args: string[], io: Io): Promise<number> {
  const [keyId, ...rest] = args;
  if (!keyId || rest.length > 0) {
    io.err(`keys revoke: give exactly one KEYID\n${USAGE}`);
    return 2;
  }
  return withPool(io, async (pool) => {
    if (await revokeKey(pool, keyId)) {
      io.out(`revoked ${keyId}\n`);
      return 0;
    }
    io.err(`keys revoke: no active key ${keyId}\n`);
    return 1;
  });
}

async function list(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { tenant: { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  if (!values.tenant) {
    io.err(`keys list: --tenant is required\n${USAGE}`);
    return 2;
  }
  const tenantName = values.tenant;
  return withPool(io, async (pool) => {
    const tenant = await findTenantByName(pool, tenantName);
    if (!tenant) {
      io.err(`keys list: no tenant ${tenantName}\n`);
      return 1;
    }
    const keys = await listKeys(pool, tenant.id);
    if (values.json) {
      io.out(
        `${JSON.stringify(
          keys.map((k) => ({
            keyId: k.keyId,
            scopes: k.scopes,
            label: k.label,
            createdAt: k.createdAt,
            lastUsedAt: k.lastUsedAt,
            revokedAt: k.revokedAt,
          })),
        )}\n`,
      );
      return 0;
    }
    io.out(`tenant ${tenant.name} (${tenant.id})\n`);
    io.out(`${'key id'.padEnd(18)}${'scopes'.padEnd(20)}${'created'.padEnd(26)}${'last used'.padEnd(26)}revoked\n`);
    for (const k of keys) {
      io.out(
        `${k.keyId.padEnd(18)}${k.scopes.join(',').padEnd(20)}${iso(k.createdAt).padEnd(26)}${iso(k.lastUsedAt).padEnd(26)}${iso(k.revokedAt)}\n`,
      );
    }
    return 0;
  });
}

export async function runKeys(args: string[], io: Io = processIo): Promise<number> {
  const [sub, ...rest] = args;
  try {
    switch (sub) {
      case 'create':
        return await create(rest, io);
      case 'revoke':
        return await revoke(rest, io);
      case 'list':
        return await list(rest, io);
      case undefined:
      case 'help':
      case '--help':
        io.out(USAGE);
        return sub === undefined ? 2 : 0;
      default:
        io.err(`keys: unknown subcommand ${sub}\n${USAGE}`);
        return 2;
    }
  } catch (err) {
    io.err(`keys ${sub}: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}
