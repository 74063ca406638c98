// The HTTP ingest path without HTTP, for counting instructions: NDJSON bodies of 2,000 sensor
// readings go through ingestStream (split, parse, validate, store in SQLite, live state) in this
// one process, with a fixed clock and no timer-driven work (checkpoints inside commits), so the
// count of machine instructions is the same from run to run within about 3%, however busy the
// machine is. Wall-clock benchmarks here swing by ±20%; this is how small changes are compared.
//
//   valgrind --tool=callgrind --callgrind-out-file=/tmp/cg.out node --import tsx bench/ingest-path.ts 200000
//   valgrind --tool=callgrind --callgrind-out-file=/tmp/cg.zero node --import tsx bench/ingest-path.ts 0
//
// (Collected of the first − Collected of the second) / 200,000 = instructions per ingested event.
// Without valgrind it prints the CPU time per event, which is noisy.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createOperateService } from '../src/monitor/index.js';
import { ingestStream } from '../src/server/telemetry-ingest.js';
import { openSqliteStore } from '../src/store/index.js';

const EVENTS = Number(process.argv[2] ?? 50_000);
const BATCH = 2000;
const NOW = Date.UTC(2026, 5, 1);

function body(first: number): Buffer {
  let text = '';
  for (let n = first; n < first + BATCH; n += 1) {
    text += `{"v":1,"id":"h-${n}","kind":"sensor","facility":"site-${n % 16}","time":${NOW - 1000},"asset":"pump-${n % 64}","tag":"vibration-rms","value":${(n % 1000) / 100},"unit":"mm/s"}\n`;
  }
  return Buffer.from(text);
}

/** 64 KiB chunks, as a socket delivers them. */
function chunks(buffer: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 0; at < buffer.length; at += 65_536) out.push(buffer.subarray(at, at + 65_536));
  return out;
}

const dir = mkdtempSync(join(tmpdir(), 'reeflow-ingest-path-'));
const store = openSqliteStore({ dataDir: dir, checkpoints: 'commit' });
const operate = createOperateService({ store, clock: () => NOW });
// Five warm-up bodies are part of every run, so the run with 0 events is the baseline to subtract.
const bodies = Array.from({ length: Math.ceil(EVENTS / BATCH) + 5 }, (_, i) => body(i * BATCH));
let stored = 0;
const cpu = process.cpuUsage();
for (const buffer of bodies) {
  const result = await ingestStream(operate, Readable.from(chunks(buffer)), {
    atomic: false,
    format: 'ndjson',
    maxBodyBytes: 1 << 30,
    maxEventBytes: 16_384,
  });
  stored += result.accepted;
}
const used = process.cpuUsage(cpu);
console.log(`${stored} events stored, ${((used.user + used.system) / stored).toFixed(2)} µs CPU per event`);
await store.close();
rmSync(dir, { recursive: true, force: true });
