/** `shenfen sandbox seed --count N [--seed S]`: fills the sandbox registry and prints a few people to try. */
import type { AppContext } from '../../context.js';
import { maskIdNumber, maskPhone } from '../../domain/mask.js';
import { seedSandboxRegistry } from './sandbox.js';

export async function sandboxCommand(ctx: AppContext, flags: string[]): Promise<number> {
  const opt = (name: string) => {
    const i = flags.indexOf(name);
    return i >= 0 ? flags[i + 1] : undefined;
  };
  const count = Number(opt('--count') ?? 100);
  if (flags[0] !== 'seed' || !Number.isInteger(count) || count < 0 || count > 100_000) {
    console.error('usage: shenfen sandbox seed [--count N (0..100000)] [--seed S]');
    return 1;
  }
  const people = await seedSandboxRegistry(ctx, { count, seed: opt('--seed') ?? 1 });
  const demo = people.find((p) => p.key === 'fixed-demo')!;
  console.log(`sandbox registry: ${count} generated people (seed ${opt('--seed') ?? 1}) + ${people.length - count} fixed edge cases\n`);
  console.log('demo identity (every check matches):');
  console.log(`  name ${demo.name}  ID ${demo.idNumber}  phone ${demo.phone}  bank card ${demo.bankCard} (reserved phone ${demo.bankPhone})`);
  console.log(`  social security ${demo.socialSecurityNumber}  housing fund card ${demo.housingFundCard}  driver's licence file ${demo.driverLicenceFile}\n`);
  console.log('edge cases (full values in docs/connectors.md):');
  for (const p of people.filter((x) => x.note && x.key !== 'fixed-demo')) {
    console.log(`  ${p.name}\t${maskIdNumber(p.idNumber)}\t${p.note}`);
  }
  console.log('\nsome generated people:');
  for (const p of people.filter((x) => !x.note).slice(0, 8)) {
    console.log(`  ${p.name}\t${maskIdNumber(p.idNumber)}\t${p.phone ? maskPhone(p.phone) : '-'}\t${p.status}\t${p.region}`);
  }
  return 0;
}
