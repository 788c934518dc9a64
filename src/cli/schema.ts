import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('schema')
    .description(
      'print a JSON Schema: config (the config file, for editors and CI checks), event (a ' +
        "captured agent event), or the organisation store's tables",
    )
    .argument('[name]', 'which schema: config, event or store', 'config')
    .action(async (name: string) => {
      const { AttestError } = await import('../errors.js');
      if (name === 'store') {
        const { describeStore } = await import('../store/schema.js');
        process.stdout.write(`${JSON.stringify(describeStore(), null, 2)}\n`);
        return;
      }
      if (name === 'event') {
        const { eventJsonSchema } = await import('../capture/event-schema.js');
        process.stdout.write(`${JSON.stringify(eventJsonSchema(), null, 2)}\n`);
        return;
      }
      if (name !== 'config') throw new AttestError(`unknown schema "${name}"; available: config, event, store.`);
      const { configJsonSchema } = await import('../config/json-schema.js');
      process.stdout.write(`${JSON.stringify(configJsonSchema(), null, 2)}\n`);
    });
}
