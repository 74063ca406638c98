/**
 * `reeflow emit <model>`: publishes realistic telemetry for a model at a steady rate over HTTP
 * (NDJSON batches) or MQTT (QoS 1), or prints it as NDJSON, with injected faults for demos and
 * tests (`--faults drift,pump`). Reports how many events were sent and acknowledged.
 */
import type { Command } from 'commander';
import mqtt from 'mqtt';
import {
  SIMULATOR_FAULTS,
  TELEMETRY_KINDS,
  createTelemetrySimulator,
  toTelemetryTopic,
  type SimulatorFault,
  type TelemetryEvent,
  type TelemetryKind,
} from '../monitor/index.js';
import { CliError } from './errors.js';
import type { CliIo } from './io.js';
import { readModel } from './model-input.js';
import { printIssues } from './output.js';

interface EmitCliOptions {
  rate: string;
  count?: string;
  duration?: string;
  kinds: string;
  faults?: string;
  seed: string;
  http?: string;
  mqtt?: string;
  stdout?: boolean;
}

const TICK_MS = 100;

function toList<T extends string>(text: string, allowed: readonly T[], flag: string): T[] {
  const items = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const item of items)
    if (!(allowed as readonly string[]).includes(item))
      throw new CliError('CLI_BAD_OPTION', `${flag}: unknown '${item}'; expected ${allowed.join(', ')}`);
  return items as T[];
}

function positive(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!(value > 0) || !Number.isFinite(value))
    throw new CliError('CLI_BAD_OPTION', `${flag} expects a positive number; got '${text}'`);
  return value;
}

/** A sink that sends one tick's events and resolves with how many were acknowledged. */
type Sender = { send(events: TelemetryEvent[]): Promise<number>; close(): Promise<void> };

async function createSender(options: EmitCliOptions, io: CliIo): Promise<Sender> {
  if (options.http !== undefined) {
    const url = `${options.http.replace(/\/$/, '')}/v1/telemetry`;
    const token = io.env['REEFLOW_TOKEN'];
    return {
      send: async (events) => {
        const response = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-ndjson',
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
          body: events.map((e) => JSON.stringify(e)).join('\n'),
        });
        if (!response.ok && response.status !== 422)
          throw new CliError(
            'EMIT_HTTP_FAILED',
            `${url} answered ${response.status}: ${(await response.text()).slice(0, 200)}`,
          );
        const body = (await response.json()) as { accepted?: number; duplicates?: number };
        return (body.accepted ?? 0) + (body.duplicates ?? 0);
      },
      close: async () => undefined,
    };
  }
  if (options.mqtt !== undefined) {
    // A server with auth wants a token as the MQTT password (the user name is not checked).
    const token = io.env['REEFLOW_TOKEN'];
    const client = await mqtt
      .connectAsync(options.mqtt, {
        clientId: `reeflow-emit-${options.seed}`,
        clean: true,
        reconnectPeriod: 500,
        ...(token ? { username: 'reeflow-emit', password: token } : {}),
      })
      .catch((error: unknown) => {
        throw new CliError(
          'EMIT_MQTT_FAILED',
          `${options.mqtt ?? ''}: ${error instanceof Error ? error.message : String(error)}${token ? '' : ' (a server with auth wants a token: set REEFLOW_TOKEN)'}`,
        );
      });
    return {
      send: async (events) => {
        await Promise.all(
          events.map((e) => client.publishAsync(toTelemetryTopic(e), JSON.stringify(e), { qos: 1 })),
        );
        return events.length;
      },
      close: () => client.endAsync(),
    };
  }
  return {
    send: async (events) => {
      io.stdout(`${events.map((e) => JSON.stringify(e)).join('\n')}\n`);
      return events.length;
    },
    close: async () => undefined,
  };
}

/** `reeflow emit <model>`. */
export function registerEmit(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('emit')
    .description(
      'publish simulated telemetry for a model over HTTP or MQTT (or print NDJSON), with optional faults',
    )
    .argument('<model>', 'model folder or file, e.g. data/two-base')
    .option('--rate <n>', 'events per second', '100')
    .option('--count <n>', 'stop after this many events')
    .option('--duration <seconds>', 'stop after this many seconds')
    .option('--kinds <list>', `event kinds: ${TELEMETRY_KINDS.join(',')}`, TELEMETRY_KINDS.join(','))
    .option(
      '--faults <list>',
      `inject faults: ${SIMULATOR_FAULTS.join(',')} (drift: assay purity drifts down; pump: a pump's vibration rises until it trips)`,
    )
    .option('--seed <n>', 'random seed (ids and values repeat for the same seed)', '1')
    .option('--http <url>', 'POST NDJSON batches to this server, e.g. http://127.0.0.1:8080')
    .option('--mqtt <url>', 'publish at QoS 1 to this broker, e.g. mqtt://127.0.0.1:1883')
    .option('--stdout', 'print NDJSON (the default without --http or --mqtt)')
    .addHelpText(
      'after',
      '\nA server with auth (the reeflow serve default) wants a token: set REEFLOW_TOKEN (an admin token, or a device token for one facility).\n\nExamples:\n  reeflow emit data/two-base --rate 200 --http http://127.0.0.1:8080 --faults pump\n  reeflow emit data/two-base --mqtt mqtt://127.0.0.1:1883 --kinds sensor,assay --faults drift\n  reeflow emit data/two-base --count 1000 > events.ndjson\n',
    )
    .action(async (path: string, options: EmitCliOptions) => {
      const rate = positive(options.rate, '--rate') ?? 100;
      const count = positive(options.count, '--count');
      const duration = positive(options.duration, '--duration');
      const seed = Number(options.seed);
      if (!Number.isInteger(seed))
        throw new CliError('CLI_BAD_OPTION', `--seed expects an integer; got '${options.seed}'`);
      const kinds = toList<TelemetryKind>(options.kinds, TELEMETRY_KINDS, '--kinds');
      const faults =
        options.faults === undefined
          ? []
          : toList<SimulatorFault>(options.faults, SIMULATOR_FAULTS, '--faults');
      const { model, issues } = await readModel(path, { cwd: io.cwd });
      if (!model) {
        printIssues(issues, io.stderr);
        setExit(1);
        return;
      }
      const simulator = createTelemetrySimulator(model, { seed, kinds, faults });
      const sender = await createSender(options, io);
      const toStdout = options.http === undefined && options.mqtt === undefined;
      const started = Date.now();
      let sent = 0;
      let acked = 0;
      let owed = 0;
      const stopAt = duration === undefined ? Infinity : started + duration * 1000;
      const limit = count ?? (duration === undefined && toStdout ? rate : Infinity);
      try {
        while (sent < limit && Date.now() < stopAt) {
          const tickStart = Date.now();
          owed += (rate * TICK_MS) / 1000;
          const n = Math.min(Math.floor(owed), limit - sent);
          owed -= n;
          const events = simulator.next(n, tickStart);
          if (events.length === 0 && n > 0)
            throw new CliError(
              'EMIT_NOTHING',
              `model '${path}' has nothing to emit for kinds ${kinds.join(',')}`,
            );
          if (events.length > 0) {
            acked += await sender.send(events);
            sent += events.length;
          }
          // Printing needs no pacing; a network target gets the rate asked for.
          if (!toStdout)
            await new Promise((done) => setTimeout(done, Math.max(0, TICK_MS - (Date.now() - tickStart))));
        }
      } finally {
        await sender.close();
      }
      const seconds = (Date.now() - started) / 1000;
      io.stderr(
        `emitted ${sent} events in ${seconds.toFixed(1)} s (${(sent / Math.max(seconds, 1e-3)).toFixed(0)}/s), ${acked} acknowledged\n`,
      );
      if (acked < sent) setExit(1);
    });
}
