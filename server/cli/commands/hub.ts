// planloop hub new <initiative> <phase>: create and print a fresh timestamped artifact hub.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { newHubFor } from '../../core/run/hubLayout';
import { writeRefusal } from '../../core/index/fileSystem';
import type { CliContext } from '../context';
import { CliError } from '../errors';

export function hubNew(ctx: CliContext, initiative: string | undefined, phase: string | undefined): number {
  if (!initiative || !phase) throw new CliError('usage: planloop hub new <initiative> <phase>');
  if (!/^[\w.-]+$/.test(initiative) || /^\.+$/.test(initiative)) throw new CliError(`invalid initiative ID '${initiative}'`);
  const plan = ctx.index.ofKind('plan').find((d) => ctx.index.initiativeForPlan(d.path) === initiative);
  const known = plan || ctx.index.findInitiatives(initiative).length > 0;
  if (!known) throw new CliError(`unknown initiative ${initiative}: no plans/active/${initiative}/ plan and no ledger entry`);
  const hub = newHubFor(ctx.index, { planPath: plan?.path, initiativeId: initiative, phase }, new Date());
  const refused = writeRefusal(ctx.index.fs, ctx.root, hub);
  if (refused) throw new CliError(refused);
  fs.mkdirSync(path.join(ctx.root, hub), { recursive: true });
  process.stdout.write(hub + '\n');
  return 0;
}
