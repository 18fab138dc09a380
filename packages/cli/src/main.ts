// Entry point of ./visor: dispatches a subcommand to its module. Each command module exports `run(args)`.
import { commands } from './commands.ts';

async function main(argv: string[]): Promise<number> {
  const [name = 'help', ...rest] = argv;
  const command = commands.find((c) => c.name === name);
  if (!command) {
    process.stderr.write(`visor: unknown command '${name}'. Run './visor help' for the list.\n`);
    return 2;
  }
  return command.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`visor: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  },
);
