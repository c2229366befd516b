/** PostgreSQL helpers for the benchmarks: CPU used by the local server, and dropping a run's schema. */
import { readdirSync, readFileSync } from 'node:fs';
import pg from 'pg';

/** Milliseconds of CPU used so far by processes named postgres*, or NaN where /proc is missing. */
export function postgresCpuMs(): number {
  try {
    const msPerTick = 10; // USER_HZ is 100 on Linux
    let total = 0;
    for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        if (!name.startsWith('postgres')) continue;
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        total += (Number(fields[11]) + Number(fields[12])) * msPerTick;
      } catch {
        // the process ended meanwhile
      }
    }
    return total;
  } catch {
    return Number.NaN;
  }
}

/** Drops the schema a benchmark run worked in. */
export async function dropSchema(databaseUrl: string, schema: string): Promise<void> {
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  try {
    await admin.query(`drop schema if exists ${schema} cascade`);
  } finally {
    await admin.end();
  }
}
