/** `shenfen staff grant|revoke <username>` and `shenfen staff list`: who may record counter checks. */
import type { AppContext } from '../../context.js';
import { listStaff, setStaff } from './counter.js';

export async function staffCommand(ctx: AppContext, flags: string[]): Promise<number> {
  const [action, username] = flags;
  if (action === 'list') {
    for (const s of await listStaff(ctx)) console.log(`${s.username}\t${s.granted_at.toISOString()}`);
    return 0;
  }
  if ((action !== 'grant' && action !== 'revoke') || !username) {
    console.error('usage: shenfen staff grant|revoke <username> | shenfen staff list');
    return 1;
  }
  const ok = await setStaff(ctx, username, action === 'grant', 'cli');
  if (!ok) {
    console.error(`no person account named ${username}`);
    return 1;
  }
  console.log(action === 'grant' ? `${username} is now service-hall staff` : `${username} is no longer staff`);
  return 0;
}
