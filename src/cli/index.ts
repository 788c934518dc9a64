import type { Command } from 'commander';
import { register as accessLog } from './access-log.js';
import { register as agents } from './agents.js';
import { register as detail } from './detail.js';
import { register as attest } from './attest.js';
import { register as carry } from './carry.js';
import { register as collectCommand } from './collect.js';
import { register as dashboard } from './dashboard.js';
import { register as correlate } from './correlate.js';
import { register as detect } from './detect.js';
import { register as doctor } from './doctor.js';
import { register as drill } from './drill.js';
import { register as exportCommand } from './export.js';
import { register as init } from './init.js';
import { register as install } from './install.js';
import { register as keys } from './keys.js';
import { register as notes } from './notes.js';
import { register as record } from './record.js';
import { register as report } from './report.js';
import { register as schema } from './schema.js';
import { register as show } from './show.js';
import { register as status } from './status.js';
import { register as sync } from './sync.js';
import { register as trace } from './trace.js';
import { register as tools } from './tools.js';
import { register as uninstall } from './uninstall.js';
import { register as verify } from './verify.js';

// Each module declares one command's arguments, options and help, and imports its
// implementation (src/commands/<name>.ts) lazily inside the action. Add one line per command.

export function registerAll(program: Command): void {
  for (const register of registrations) register(program);
}

const registrations: Array<(program: Command) => void> = [
  init,
  attest,
  notes,
  schema,
  record,
  agents,
  keys,
  tools,
  install,
  uninstall,
  verify,
  show,
  trace,
  report,
  detect,
  correlate,
  exportCommand,
  collectCommand,
  dashboard,
  carry,
  sync,
  doctor,
  drill,
  status,
  accessLog,
  detail,
];
