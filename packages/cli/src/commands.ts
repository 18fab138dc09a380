// The command table of ./visor. A command's module is imported only when it runs, so `./visor help` stays fast.
export interface Command {
  name: string;
  summary: string;
  run(args: string[]): Promise<number>;
}

const lazy =
  (load: () => Promise<{ run(args: string[]): Promise<number> }>) =>
  async (args: string[]): Promise<number> =>
    (await load()).run(args);

export const commands: Command[] = [{ name: 'help', summary: 'list the commands', run: async () => printHelp() }];

function printHelp(): number {
  const width = Math.max(...commands.map((c) => c.name.length));
  process.stdout.write('usage: ./visor <command> [options]\n\ncommands:\n');
  for (const c of commands) process.stdout.write(`  ${c.name.padEnd(width)}  ${c.summary}\n`);
  return 0;
}

export { lazy };
