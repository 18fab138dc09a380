import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseStackArgs, stackCommandArgs } from '../src/cli.ts';
import { instanceFor } from '../src/instance.ts';
import { componentsOf, formatTable, selectComponents } from '../src/stack.ts';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'services');
const services = [
  { name: 'echo', grpcPort: 50099, httpPort: 9199 },
  { name: 'absent', grpcPort: 50098, httpPort: 9198 },
];

describe('component selection', () => {
  const all = componentsOf(instanceFor('dev', { root: '/repo', servicesDir: fixtures, env: {} }), services);

  it('lists the infrastructure and only the services whose main.ts exists', () => {
    expect(all.map((c) => c.name)).toEqual(['mysql', 'nats', 'gcs', 'prometheus', 'echo']);
  });

  it('brings the infrastructure along with a named service, not with a named infrastructure part', () => {
    expect(selectComponents(all, ['echo']).map((c) => c.name)).toEqual(['mysql', 'nats', 'gcs', 'prometheus', 'echo']);
    expect(selectComponents(all, ['nats', 'gcs']).map((c) => c.name)).toEqual(['nats', 'gcs']);
    expect(selectComponents(all, []).length).toBe(all.length);
  });

  it('rejects an unknown name, listing the known ones', () => {
    expect(() => selectComponents(all, ['absent'])).toThrow(/unknown component absent; known: mysql, nats/);
  });
});

describe('command line', () => {
  it('reads the instance and component names', () => {
    expect(parseStackArgs(['--instance', 'test', 'mysql'])).toMatchObject({ instance: 'test', names: ['mysql'] });
    expect(parseStackArgs(['--instance=dev'])).toMatchObject({ instance: 'dev', names: [] });
    expect(() => parseStackArgs(['--instance', 'prod'])).toThrow(/dev, test/);
    expect(() => parseStackArgs(['--force'])).toThrow(/unknown option --force/);
  });

  it('gives a command its instance and components, or prints the usage', () => {
    const parsed = stackCommandArgs('up', ['--instance', 'test', 'nats']);
    expect(parsed?.instance.name).toBe('test');
    expect(parsed?.names).toEqual(['nats']);
    const write = process.stderr.write;
    const written: string[] = [];
    process.stderr.write = ((chunk: string) => written.push(chunk) > 0) as typeof write;
    try {
      expect(stackCommandArgs('status', ['--bogus'], '[--instance dev|test]')).toBeUndefined();
    } finally {
      process.stderr.write = write;
    }
    expect(written).toEqual(['visor status: unknown option --bogus\nusage: ./visor status [--instance dev|test]\n']);
  });

  it('formats a table with aligned columns', () => {
    expect(formatTable(['a', 'bb'], [['xyz', '1']])).toBe('a    bb\nxyz  1');
  });
});
