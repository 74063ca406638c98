import type { Command } from 'commander';
import { DEFAULT_MAX_QUEUED_JOBS, DEFAULT_MAX_QUEUED_JOBS_PER_OWNER } from '../server/jobs.js';
import { startServer, type ServeOptions } from '../server/main.js';
import type { SolverName } from '../solver/index.js';
import { CliError } from './errors.js';
import type { CliIo } from './io.js';
import { definedFields } from '../defined-fields.js';

const SOLVERS: readonly SolverName[] = ['highs', 'cbc', 'glpk', 'highs-native'];

interface ServeCliOptions {
  port: string;
  host: string;
  dataDir: string;
  database?: string;
  mqtt?: string;
  mqttPort?: string;
  rateLimit?: string;
  maxQueuedJobs?: string;
  maxQueuedJobsPerUser?: string;
  tokens?: string;
  auth?: boolean;
  solver: string;
  logLevel: string;
}

/** A count option: a whole number ≥ 1. */
function toCount(text: string, flag: string): number {
  const count = Number(text);
  if (!Number.isInteger(count) || count < 1)
    throw new CliError('CLI_BAD_OPTION', `${flag} expects a whole number ≥ 1; got '${text}'`);
  return count;
}

/** `--max-queued-jobs` and `--max-queued-jobs-per-user` as the server's job-queue bounds. */
function toJobQueue(options: ServeCliOptions): ServeOptions['jobQueue'] {
  if (options.maxQueuedJobs === undefined && options.maxQueuedJobsPerUser === undefined) return undefined;
  return {
    ...(options.maxQueuedJobs === undefined
      ? {}
      : { maxQueued: toCount(options.maxQueuedJobs, '--max-queued-jobs') }),
    ...(options.maxQueuedJobsPerUser === undefined
      ? {}
      : { maxQueuedPerPrincipal: toCount(options.maxQueuedJobsPerUser, '--max-queued-jobs-per-user') }),
  };
}

function toPort(text: string, flag: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new CliError(
      'CLI_BAD_OPTION',
      `${flag} expects a port number 0–65535 (0 = any free port); got '${text}'`,
    );
  return port;
}

/** `reeflow serve [model]`: the HTTP API (and, with operate, telemetry) until Ctrl-C. */
export function registerServe(program: Command, io: CliIo, _setExit: (code: number) => void): void {
  program
    .command('serve')
    .description('serve the API (and the dashboard) over HTTP for a model and the bundled ones')
    .argument('[model]', 'model folder or file to serve as the default (default: the bundled world model)')
    .option('--port <port>', 'HTTP port (0 = any free port)', '8080')
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--data-dir <dir>', 'where the embedded store keeps its files', './.reeflow')
    .option('--database <url>', 'PostgreSQL URL (postgres://…) instead of the embedded store')
    .option('--mqtt <url>', 'external MQTT broker (mqtt://host:port) instead of the embedded one')
    .option('--mqtt-port <port>', 'port of the embedded MQTT broker')
    .option('--rate-limit <perSecond>', 'requests per second per client (0 = no limit)')
    .option(
      '--max-queued-jobs <n>',
      `plans, simulations, sizings and allocations that may wait in all; past it 503 JOBS_QUEUE_FULL (default ${DEFAULT_MAX_QUEUED_JOBS})`,
    )
    .option(
      '--max-queued-jobs-per-user <n>',
      `jobs one token may have waiting; past it 429 JOBS_TOO_MANY_QUEUED (default ${DEFAULT_MAX_QUEUED_JOBS_PER_OWNER})`,
    )
    .option('--tokens <file>', 'JSON file of bearer tokens with roles (instead of <data-dir>/tokens.json)')
    .option('--auth', 'require tokens from <data-dir>/tokens.json (the default)')
    .option('--no-auth', 'single-user mode: no tokens, every request is allowed (local use only)')
    .option('--solver <name>', 'solver for plans: highs, cbc, glpk, highs-native', 'highs')
    .option('--log-level <level>', 'log level: fatal, error, warn, info, debug', 'info')
    .addHelpText(
      'after',
      '\nExamples:\n  reeflow serve            # first start prints an admin token and a URL that signs the dashboard in\n  reeflow serve --no-auth  # local single-user mode\n  reeflow serve data/two-base --port 0\n  reeflow serve --database postgres://postgres@127.0.0.1:5432/test --mqtt mqtt://localhost:1883\n',
    )
    .action(async (model: string | undefined, options: ServeCliOptions) => {
      const rateLimit = options.rateLimit === undefined ? undefined : Number(options.rateLimit);
      if (rateLimit !== undefined && !(rateLimit >= 0))
        throw new CliError('CLI_BAD_OPTION', `--rate-limit expects a number ≥ 0; got '${options.rateLimit}'`);
      const jobQueue = toJobQueue(options);
      if (!SOLVERS.includes(options.solver as SolverName))
        throw new CliError(
          'PLAN_UNKNOWN_SOLVER',
          `unknown solver '${options.solver}'; expected one of ${SOLVERS.join(', ')}`,
        );
      const serveOptions: ServeOptions = {
        ...definedFields({ model }),
        port: toPort(options.port, '--port'),
        host: options.host,
        dataDir: options.dataDir,
        ...definedFields({ database: options.database, mqtt: options.mqtt }),
        ...(options.mqttPort === undefined ? {} : { mqttPort: toPort(options.mqttPort, '--mqtt-port') }),
        ...definedFields({ rateLimit, jobQueue, tokensFile: options.tokens }),
        // Auth is on unless --no-auth: the first start creates an admin token and prints it once.
        embeddedAuth: options.auth !== false,
        solver: options.solver as SolverName,
        logLevel: options.logLevel,
        cwd: io.cwd,
        path: io.env['PATH'] ?? '',
      };
      const server = await startServer(serveOptions);
      io.stdout(`${server.describe.join('\n')}\n`);
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      io.stderr('stopping…\n');
      await server.close();
    });
}
