import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './kernel/config/config.js';
import { DataFolderLockedError } from './kernel/db/lock-file.js';
import { MigrationError } from './kernel/db/migrator.js';
import { runDoctor } from './kernel/doctor/doctor.js';
import { createKernel } from './kernel/kernel.js';
import { openAndMigrate, startNara } from './main.js';
import { allModules } from './modules/index.js';
import { describeSeedResult, seedDemoCountry } from './seed/seed-demo.js';
import { runVerify } from './verify/verify.cli.js';
import { runPkiCli } from './kernel/trust/ca/ca.cli.js';
import { runSealBid } from './modules/procurement/index.js';

const usage = `Usage: nara <command> [options]

Commands:
  start        Apply migrations and serve Nara (loads the demo country on an empty demo install)
  migrate      Apply pending database migrations and exit
  seed-demo    Load the demo country (agencies, officials, citizens, businesses)
  pki          Certificate authorities: init, issue, renew, revoke, status, crl (nara pki help)
  verify       Verify receipts, a transparency log, or signed PDFs offline (nara verify --help)
  seal-bid     Seal a bid on your own machine to a tender's opening key (nara seal-bid --help)
  doctor       Check the configuration, database and keys and say what is wrong
  help         Show this text

Configuration comes from environment variables; see the README.`;

async function commandStart(): Promise<void> {
  const config = loadConfig();
  const nara = await startNara(config);
  if (nara.demoSeed) console.log(`Empty demo install: ${describeSeedResult(nara.demoSeed)}`);
  console.log(`Nara is running on ${nara.kernel.database.describe}.`);
  console.log(`Open ${nara.url}`);
  let signalled = false;
  const shutdown = (signal: string) => {
    if (signalled) return;
    signalled = true;
    console.log(`${signal} received: closing the database cleanly.`);
    nara.stop().then(
      () => process.exit(0),
      (error) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

async function commandMigrate(): Promise<void> {
  const config = loadConfig();
  const database = await openAndMigrate(config);
  console.log(`Migrations are up to date on ${database.describe}.`);
  await database.close();
}

async function commandSeedDemo(): Promise<void> {
  const config = loadConfig();
  const database = await openAndMigrate(config);
  try {
    const kernel = createKernel({ config, database, modules: allModules });
    console.log(describeSeedResult(await seedDemoCountry(kernel)));
  } finally {
    await database.close();
  }
}

/** A migrated kernel for one-shot commands; the caller closes it. */
async function openKernel() {
  const config = loadConfig();
  const database = await openAndMigrate(config);
  return { kernel: createKernel({ config, database, modules: allModules }), close: () => database.close() };
}

export async function runCli(argv: string[]): Promise<number> {
  const { positionals } = parseArgs({ args: argv, allowPositionals: true, strict: false });
  const command = positionals[0] ?? 'help';
  try {
    switch (command) {
      case 'start':
        await commandStart();
        return -1; // keep running
      case 'migrate':
        await commandMigrate();
        return 0;
      case 'seed-demo':
        await commandSeedDemo();
        return 0;
      case 'pki':
        return await runPkiCli(argv.slice(argv.indexOf('pki') + 1), openKernel);
      case 'verify':
        return await runVerify(argv.slice(argv.indexOf('verify') + 1));
      case 'seal-bid':
        return await runSealBid(argv.slice(argv.indexOf('seal-bid') + 1));
      case 'doctor':
        return (await runDoctor({ modules: allModules })).hasProblem ? 1 : 0;
      case 'help':
      case '--help':
        console.log(usage);
        return 0;
      default:
        console.error(`Unknown command "${command}".\n\n${usage}`);
        return 2;
    }
  } catch (error) {
    if (error instanceof ConfigError || error instanceof DataFolderLockedError || error instanceof MigrationError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
}

const code = await runCli(process.argv.slice(2));
if (code >= 0) process.exit(code);
