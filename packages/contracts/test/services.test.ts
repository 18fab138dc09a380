import {
  detectionService,
  embeddingService,
  enrollmentService,
  grpcPackage,
  matchingService,
  packageDefinition,
  serviceNames,
} from '../src/index.ts';

const expected = {
  detection: { definition: detectionService, methods: ['Detect'] },
  embedding: { definition: embeddingService, methods: ['Embed', 'GetModel'] },
  matching: { definition: matchingService, methods: ['Verify', 'Identify', 'IndexStats'] },
  enrollment: {
    definition: enrollmentService,
    methods: [
      'CreateSubject',
      'GetSubject',
      'ListSubjects',
      'DeleteSubject',
      'AddFaces',
      'RemoveFace',
      'GetTenantSettings',
      'UpdateTenantSettings',
    ],
  },
} as const;

describe.each(Object.entries(expected))('%s service', (key, { definition, methods }) => {
  const name = serviceNames[key as keyof typeof serviceNames];

  test('is in the loaded package definition', () => {
    expect(packageDefinition[name]).toBe(definition);
  });

  test('has exactly the expected unary methods', () => {
    expect(Object.keys(definition).sort()).toEqual([...methods].sort());
    for (const method of methods) {
      const def = definition[method as keyof typeof definition] as {
        path: string;
        requestStream: boolean;
        responseStream: boolean;
      };
      expect(def.path).toBe(`/${name}/${method}`);
      expect(def.requestStream).toBe(false);
      expect(def.responseStream).toBe(false);
    }
  });

  test('has a client constructor in the loaded package', () => {
    const service = name.split('.').at(-1) as keyof typeof grpcPackage.visor.v1;
    expect(typeof grpcPackage.visor.v1[service]).toBe('function');
  });
});

test('request and response messages follow the <Method>Request / <Method>Response convention', () => {
  for (const { definition, methods } of Object.values(expected)) {
    for (const method of methods) {
      const def = definition[method as keyof typeof definition] as unknown as {
        requestType: { type: { name: string } };
        responseType: { type: { name: string } };
      };
      expect(def.requestType.type.name).toBe(`${method}Request`);
      expect(def.responseType.type.name).toBe(`${method}Response`);
    }
  }
});
