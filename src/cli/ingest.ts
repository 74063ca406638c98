/**
 * `reeflow ingest FILE`: loads telemetry from an NDJSON (.ndjson, .jsonl) or CSV file into the
 * store, through the same validation as HTTP and MQTT. Idempotent: running it twice stores nothing
 * new. CSV columns are the event fields (id, kind, facility, time, …); empty cells are omitted.
 */
import { createReadStream } from 'node:fs';
import { extname, resolve } from 'node:path';
import type { Command } from 'commander';
import { parse as parseCsv } from 'csv-parse';
import { loadModel } from '../model/index.js';
import {
  createLineSplitter,
  createOperateService,
  createUtf8Decoder,
  parseDecodedEvent,
  type OperateService,
  type TelemetryEvent,
  type TelemetryParseResult,
  type TelemetryRejection,
} from '../monitor/index.js';
import { openStore } from '../store/index.js';
import { CliError } from './errors.js';
import type { CliIo } from './io.js';
import { formatNumber, toJson } from './output.js';

interface IngestCliOptions {
  dataDir: string;
  database?: string;
  model?: string;
  json?: boolean;
}

const NUMERIC = new Set(['v', 'tonnes', 'value', 'availability']);
const TIMES = new Set(['time', 'start', 'end']);

/** A CSV row as an event: numbers where the schema wants numbers, epoch-ms times (digits, maybe signed) as numbers, empty cells dropped. */
export function fromCsvRow(row: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, cell] of Object.entries(row)) {
    const text = cell.trim();
    if (text === '') continue;
    if (NUMERIC.has(key)) out[key] = Number(text);
    // Any run of digits is epoch ms, however large: the schema refuses what is out of its range with a code.
    else if (TIMES.has(key) && /^-?\d+$/.test(text)) out[key] = Number(text);
    else if (key === 'inputs') out[key] = JSON.parse(text) as unknown;
    else out[key] = text;
  }
  return out;
}

/** The rows of a CSV parser; a syntax error (an unclosed quote) ends the file with a coded error naming its line. */
async function* readCsvRows(
  parser: AsyncIterable<unknown>,
  file: string,
): AsyncGenerator<Record<string, string>> {
  try {
    for await (const row of parser) yield row as Record<string, string>;
  } catch (error) {
    const { code, lines } = error as { code?: unknown; lines?: unknown };
    if (typeof code !== 'string' || !code.startsWith('CSV_')) throw error;
    throw new CliError(
      'INGEST_BAD_CSV',
      `${file}:${typeof lines === 'number' ? lines : '?'}: ${error instanceof Error ? error.message : String(error)}; the rows before it were stored, fix the file and ingest it again (stored rows are recognised by id)`,
    );
  }
}

/** Reads `file` and yields each record as [line number, parse result]. */
async function* readRecords(
  operate: OperateService,
  file: string,
): AsyncGenerator<[number, TelemetryParseResult]> {
  const extension = extname(file).toLowerCase();
  if (extension === '.csv') {
    const parser = createReadStream(file).pipe(
      parseCsv({ columns: true, skip_empty_lines: true, bom: true, trim: false, relax_column_count: true }),
    );
    let line = 1;
    for await (const row of readCsvRows(parser, file)) {
      line += 1;
      let raw: Record<string, unknown>;
      try {
        raw = fromCsvRow(row);
      } catch {
        const rejection: TelemetryRejection = {
          code: 'TELEMETRY_MALFORMED_JSON',
          message: 'the inputs cell is not valid JSON',
        };
        operate.countRejection(rejection);
        yield [line, { ok: false, rejection }];
        continue;
      }
      yield [line, operate.validate(raw)];
    }
    return;
  }
  if (extension !== '.ndjson' && extension !== '.jsonl' && extension !== '.json') {
    throw new CliError(
      'INGEST_UNKNOWN_FORMAT',
      `'${file}' is neither .csv nor .ndjson/.jsonl; rename it or convert it`,
    );
  }
  // Decoded as the HTTP route does: a line with bytes that are not UTF-8 is TELEMETRY_BAD_ENCODING, not U+FFFD.
  const decoder = createUtf8Decoder();
  const lines: string[] = [];
  const splitter = createLineSplitter(
    (text) => lines.push(text),
    () => lines.push(OVERSIZED_LINE),
    MAX_LINE_CHARS,
  );
  let line = 0;
  const take = function* (): Generator<[number, TelemetryParseResult]> {
    for (const text of lines.splice(0)) {
      line += 1;
      if (text === OVERSIZED_LINE) yield [line, tooLarge(operate)];
      else if (text.trim() !== '')
        yield [line, parseDecodedEvent(operate, text.endsWith('\r') ? text.slice(0, -1) : text, decoder)];
    }
  };
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    splitter.push(decoder.write(chunk));
    yield* take();
  }
  splitter.push(decoder.end());
  splitter.end();
  yield* take();
}

/** A line longer than this (characters) is rejected unread; an event is at most 16 KiB anyway. */
const MAX_LINE_CHARS = 1 << 20;
const OVERSIZED_LINE = '\u0000oversized';

function tooLarge(operate: OperateService): TelemetryParseResult {
  const rejection: TelemetryRejection = {
    code: 'TELEMETRY_TOO_LARGE',
    message: `the line is longer than ${MAX_LINE_CHARS} characters`,
  };
  operate.countRejection(rejection);
  return { ok: false, rejection };
}

/** `reeflow ingest FILE`. */
export function registerIngest(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('ingest')
    .description('load telemetry events from an NDJSON or CSV file into the store (idempotent by event id)')
    .argument('<file>', '.ndjson/.jsonl (one event per line) or .csv (one event per row, columns = fields)')
    .option('--data-dir <dir>', 'SQLite store folder', './.reeflow')
    .option('--database <url>', 'PostgreSQL URL (postgres://…) instead of SQLite')
    .option('--model <path>', 'reject events from facilities this model does not have')
    .option('--json', 'print the counts and rejections as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  reeflow ingest readings.ndjson\n  reeflow ingest assays.csv --database postgres://postgres@127.0.0.1:5432/reeflow --model data/two-base\n',
    )
    .action(async (file: string, options: IngestCliOptions) => {
      const path = resolve(io.cwd, file);
      let facilities: Set<string> | undefined;
      if (options.model !== undefined) {
        const loaded = await loadModel(resolve(io.cwd, options.model));
        if (!loaded.model)
          throw new CliError(
            'INGEST_BAD_MODEL',
            `model '${options.model}' does not load; run reeflow validate ${options.model}`,
          );
        facilities = new Set(loaded.model.facilities.map((f) => f.id));
      }
      let store;
      try {
        store = await openStore({
          dataDir: resolve(io.cwd, options.dataDir),
          ...(options.database === undefined ? {} : { database: options.database }),
        });
      } catch (error) {
        throw new CliError(
          'INGEST_STORE_UNAVAILABLE',
          `cannot open the store: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      const operate = createOperateService({ store, clock: Date.now, ...(facilities ? { facilities } : {}) });
      const rejections: (TelemetryRejection & { line: number })[] = [];
      let batch: TelemetryEvent[] = [];
      let texts: (string | undefined)[] = [];
      let stored = 0;
      let duplicates = 0;
      const flush = async (): Promise<void> => {
        if (batch.length === 0) return;
        const result = await operate.ingest(batch, { texts });
        stored += result.inserted;
        duplicates += result.duplicates.length;
        batch = [];
        texts = [];
      };
      try {
        try {
          for await (const [line, result] of readRecords(operate, path)) {
            if (result.ok) {
              batch.push(result.event);
              texts.push(result.text);
            } else if (rejections.length < 1000) rejections.push({ line, ...result.rejection });
            if (batch.length >= 5000) await flush();
          }
        } finally {
          // What was read before a broken row is stored either way, as over HTTP.
          await flush();
        }
      } catch (error) {
        if (error instanceof CliError) throw error;
        if ((error as { code?: unknown }).code === 'ENOENT')
          throw new CliError('INGEST_NO_FILE', `no file '${file}'`);
        throw error;
      } finally {
        await store.close();
      }
      const stats = operate.stats;
      if (options.json)
        io.stdout(
          toJson({
            file,
            received: stats.received,
            stored,
            duplicates,
            rejected: stats.rejected,
            rejectedByCode: stats.rejectedByCode,
            rejections,
          }),
        );
      else {
        io.stdout(
          `${file}: ${formatNumber(stats.received)} events read, ${formatNumber(stored)} stored, ${formatNumber(duplicates)} already stored, ${formatNumber(stats.rejected)} rejected\n`,
        );
        for (const r of rejections.slice(0, 20))
          io.stderr(`${file}:${r.line}: ${r.code}${r.id === undefined ? '' : ` (${r.id})`}: ${r.message}\n`);
        if (rejections.length > 20)
          io.stderr(`… and ${stats.rejected - 20} more rejections (use --json for all)\n`);
      }
      if (stats.rejected > 0) setExit(1);
    });
}
