// The command table of ./visor. Each command lives in ./commands/<name>.ts and exports `run(args)`; it is imported
// only when it runs, so `./visor help` stays fast and one command's dependencies never slow another.
export interface Command {
  name: string;
  summary: string;
  run(args: string[]): Promise<number>;
}

interface CommandModule {
  run(args: string[]): Promise<number>;
}

const fromModule =
  (name: string) =>
  async (args: string[]): Promise<number> => {
    const mod = (await import(`./commands/${name}.ts`)) as CommandModule;
    return mod.run(args);
  };

const table: Array<[name: string, summary: string]> = [
  ['up', 'install what is missing, start MySQL, NATS, the GCS emulator, Prometheus and every service'],
  ['down', 'stop what `up` started'],
  ['status', 'show each component and whether it is healthy (non-zero exit if any is not)'],
  ['test', 'run every check and the whole test suite against an isolated test stack'],
  ['models', 'build and verify the ONNX models of the registry (`models build`, `models list`)'],
  ['eval', 'evaluate a model on a labelled dataset (`eval --dataset DIR --json`)'],
  ['calibrate', 'fit decision thresholds on one split of a dataset'],
  ['bench', 'run a benchmark and print JSON (`bench pipeline|api|match --json`)'],
  ['keys', 'manage API keys (`keys create --tenant NAME`)'],
];

export const commands: Command[] = [
  ...table.map(([name, summary]) => ({ name, summary, run: fromModule(name) })),
  { name: 'help', summary: 'list the commands', run: async () => printHelp() },
];

function printHelp(): number {
  const width = Math.max(...commands.map((c) => c.name.length));
  process.stdout.write('usage: ./visor <command> [options]\n\ncommands:\n');
  for (const c of commands) process.stdout.write(`  ${c.name.padEnd(width)}  ${c.summary}\n`);
  return 0;
}
