import { ConfigError, commonConfig, loadConfig, mysqlUrl, port, z } from '../src/config.ts';

const schema = z.object({
  ...commonConfig,
  VISOR_MYSQL_URL: mysqlUrl(),
  VISOR_GRPC_PORT: port(),
  VISOR_HTTP_PORT: port().default(9101),
  VISOR_MAX_IMAGE_BYTES: z.coerce.number().int().positive(),
});

describe('loadConfig', () => {
  test('parses, coerces and applies defaults', () => {
    const config = loadConfig(schema, {
      VISOR_MYSQL_URL: 'mysql://visor:visor@127.0.0.1:3306/visor',
      VISOR_GRPC_PORT: '50051',
      VISOR_MAX_IMAGE_BYTES: '1048576',
      VISOR_LOG_LEVEL: '',
    });
    expect(config).toMatchObject({
      VISOR_GRPC_PORT: 50051,
      VISOR_HTTP_PORT: 9101,
      VISOR_MAX_IMAGE_BYTES: 1048576,
      VISOR_LOG_LEVEL: 'info',
      VISOR_HTTP_HOST: '127.0.0.1',
    });
  });

  test('lists every bad or missing variable in one error, without values', () => {
    let error: unknown;
    try {
      loadConfig(schema, {
        VISOR_MYSQL_URL: 'postgres://secret-password@host/db',
        VISOR_GRPC_PORT: '70000',
        VISOR_LOG_LEVEL: 'loud',
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems.map((p) => p.variable).sort()).toEqual([
      'VISOR_GRPC_PORT',
      'VISOR_LOG_LEVEL',
      'VISOR_MAX_IMAGE_BYTES',
      'VISOR_MYSQL_URL',
    ]);
    expect(problems.find((p) => p.variable === 'VISOR_MAX_IMAGE_BYTES')?.reason).toBe('required');
    const message = (error as Error).message;
    for (const name of ['VISOR_GRPC_PORT', 'VISOR_LOG_LEVEL', 'VISOR_MAX_IMAGE_BYTES', 'VISOR_MYSQL_URL']) {
      expect(message).toContain(name);
    }
    expect(message).not.toContain('secret-password');
  });
});
