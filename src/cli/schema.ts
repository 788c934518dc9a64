import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('schema')
    .description('print the JSON Schema of the config file (for editors and CI checks)')
    .argument('[name]', 'which schema', 'config')
    .action(async (name: string) => {
      const { AttestError } = await import('../errors.js');
      if (name !== 'config') throw new AttestError(`unknown schema "${name}"; available: config.`);
      const { configJsonSchema } = await import('../config/json-schema.js');
      process.stdout.write(`${JSON.stringify(configJsonSchema(), null, 2)}\n`);
    });
}
