#!/usr/bin/env node
/** The shenfen command: serve | migrate | seed. */
import { loadConfig, modeOf } from './config.js';
import { createContext } from './bootstrap.js';
import { buildApp } from './http/app.js';
import { DEMO_ORG, DEMO_PERSON, DEMO_STAFF, seedDemo } from './demo.js';
import { CLIENT_USAGE, clientCommand, keysCommand } from './cli-clients.js';
import { runHousekeeping } from './housekeeping.js';
import { sandboxCommand } from './connectors/realname/cli.js';
import { staffCommand } from './methods/realname/staff-cli.js';
import { ORG_CLI_USAGE, sandboxEnterprisesCommand } from './orgs/cli.js';
import { PENSION_CLI_USAGE, pensionCommand } from './pension/cli.js';
import { DEMO_RETIREES } from './pension/sandbox.js';
import { CA_CLI_USAGE, caCommand } from './certs/cli.js';
import { CERT_AGENT_USAGE, certAgentCommand } from './cert-agent/cli.js';

/** The Node.js major version Shenfen is built and measured on (package.json's `node` dependency). */
const RUNTIME_MAJOR = 24;

const USAGE = `Usage: shenfen <command>
  serve [--demo]   start the server (migrates first); --demo also seeds the demo person, staff and org
  migrate          apply database migrations and exit
  seed             create the demo person, staff and org and exit
  housekeeping     prune expired records and erase deactivated accounts past retention, then exit
  sandbox seed [--count N] [--seed S]   fill the real-name sandbox registry (default 100 people) and print some
  staff grant|revoke <username> | staff list   service-hall staff who record counter checks (办事大厅现场认证)
${CLIENT_USAGE}
${ORG_CLI_USAGE}
${PENSION_CLI_USAGE}
${CA_CLI_USAGE}
${CERT_AGENT_USAGE}`;

async function main(argv: string[]): Promise<number> {
  const [command, ...flags] = argv;
  if (!command || command === '--help' || command === 'help') {
    console.log(USAGE);
    return command ? 0 : 1;
  }
  // The agent runs on a person's computer: no database and no server configuration.
  if (command === 'cert-agent') return certAgentCommand(flags);
  // Before the configuration is read: whatever else a production configuration lacks, this is the answer.
  const demo = command === 'seed' || (command === 'serve' && flags.includes('--demo'));
  if (demo && modeOf(process.env) === 'production') {
    // The demo accounts' passwords are published (README), one of them a service-hall staff member.
    console.error(
      `refused: ${command === 'seed' ? '`seed`' : '`serve --demo`'} creates the demo accounts, whose passwords are published, and is refused in production (SHENFEN_MODE=production or NODE_ENV=production). Start the server with \`serve\`.`,
    );
    return 1;
  }
  const config = loadConfig();
  if (command === 'migrate') {
    const ctx = await createContext(config);
    await ctx.store.close();
    console.log('migrations applied');
    return 0;
  }
  if (command === 'seed') {
    const ctx = await createContext(config);
    const created = await seedDemo(ctx);
    await ctx.store.close();
    console.log(created ? 'demo data created' : 'demo data already present');
    return 0;
  }
  if (command === 'housekeeping') {
    const ctx = await createContext(config);
    try {
      const report = await runHousekeeping(ctx);
      console.log(
        `housekeeping done: ${report.erasedAccounts} deactivated account(s) erased, ${report.expiredEmailLinks} expired e-mail link(s) removed, ${report.expiredFlows} expired flow(s) dropped, ${report.erasedRecoveryDocuments} closed org recovery request(s) cleared of documents, ${report.smsSent} SMS sent (${report.smsRetrying} to try again, ${report.smsGivenUp} given up), ${report.pensionReminders} pension certification reminder(s) queued`,
      );
      return 0;
    } finally {
      await ctx.store.close();
    }
  }
  if (command === 'sandbox') {
    const ctx = await createContext(config);
    try {
      return await sandboxCommand(ctx, flags);
    } finally {
      await ctx.store.close();
    }
  }
  if (command === 'pension') {
    const ctx = await createContext(config);
    try {
      return await pensionCommand(ctx, flags);
    } finally {
      await ctx.store.close();
    }
  }
  if (command === 'staff') {
    const ctx = await createContext(config);
    try {
      return await staffCommand(ctx, flags);
    } finally {
      await ctx.store.close();
    }
  }
  if (command === 'ca') {
    const ctx = await createContext(config);
    try {
      return await caCommand(ctx, flags);
    } finally {
      await ctx.store.close();
    }
  }
  if (command === 'sandbox-enterprises') {
    const ctx = await createContext(config);
    try {
      return await sandboxEnterprisesCommand(ctx, flags);
    } finally {
      await ctx.store.close();
    }
  }
  if (command === 'client' || command === 'keys') {
    const ctx = await createContext(config);
    try {
      return await (command === 'client' ? clientCommand(ctx, flags) : keysCommand(ctx, flags));
    } finally {
      await ctx.store.close();
    }
  }
  if (command === 'serve') {
    const ctx = await createContext(config);
    if (flags.includes('--demo')) await seedDemo(ctx);
    const app = await buildApp(ctx, { logger: true });
    const housekeeping = setInterval(() => {
      void runHousekeeping(ctx).catch((err: unknown) => app.log.warn({ err }, 'housekeeping failed'));
    }, 60_000);
    housekeeping.unref();
    const stop = async () => {
      clearInterval(housekeeping);
      await app.close();
      await ctx.store.close();
      process.exit(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    await app.listen({ port: config.port, host: config.host });
    const url = config.publicOrigin;
    console.log(`\n  Shenfen 身份统一认证平台 is running at ${url}`);
    if (config.mode === 'development') {
      console.warn(
        `\n  ************************************************************************************\n` +
          `  DEVELOPMENT MODE — not for real people's data. Sandboxes and console gateways are allowed,\n` +
          `  and the console gateways' SMS codes and mail are listed at ${url}/dev/sms-outbox and\n` +
          `  /dev/mail-outbox (answered to this machine only). Deploy with SHENFEN_MODE=production (README).\n` +
          `  ************************************************************************************\n`,
      );
    }
    console.log(`  store: ${ctx.store.kind === 'pglite' ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL server'}`);
    if (Number(process.versions.node.split('.')[0]) < RUNTIME_MAJOR) {
      console.warn(
        `  warning: running on Node.js ${process.versions.node}; Shenfen runs on Node.js ${RUNTIME_MAJOR} LTS, which \`npm install\` puts at node_modules/.bin/node (npm scripts use it)`,
      );
    }
    if (flags.includes('--demo')) {
      console.log(`  demo person — username: ${DEMO_PERSON.username}  password: ${DEMO_PERSON.password}  (ID number ${DEMO_PERSON.idNumber} also signs in; SMS login to ${DEMO_PERSON.phone}, codes at ${url}/dev/sms-outbox)`);
      console.log(`  demo staff  — username: ${DEMO_STAFF.username}  password: ${DEMO_STAFF.password}  (service-hall staff: ${url}/account/staff)`);
      console.log(`  demo org    — 单位登录 username: ${DEMO_ORG.username}  password: ${DEMO_ORG.password}  (zhangsan is its administrator)`);
      console.log(`  face        — the sandbox holds portrait "a" for zhangsan (张三): the face in the square (941,123)–(1436,618) of node_modules/@vladmandic/face-api/demo/sample3.jpg; show it to the camera for 人脸识别认证 or 刷脸认证找回`);
      console.log(`  pension     — 个人年度资格认证入口 ${url}/pension (photo "a" as 建模照片): ${DEMO_RETIREES.normal.name} ${DEMO_RETIREES.normal.ssn}; benefit suspended: ${DEMO_RETIREES.suspended.name} ${DEMO_RETIREES.suspended.ssn}; 234号 code: ${DEMO_RETIREES.hkmotw.name} ${DEMO_RETIREES.hkmotw.ssn}; zhangsan is a retiree too (直接进入 from his session)\n`);
    }
    return -1; // keep running
  }
  console.error(`unknown command: ${command}\n${USAGE}`);
  return 1;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
