/**
 * Telemetry bodies as text: NDJSON lines and JSON array elements split from a stream as it
 * arrives, and a streaming UTF-8 decoder that marks bytes that are not UTF-8 instead of replacing
 * them. The HTTP ingest route and `reeflow ingest` read bodies and files through these.
 */
import { isUtf8 } from 'node:buffer';
import type { OperateService } from './ingest.js';
import type { TelemetryParseResult, TelemetryRejection } from './telemetry.js';

/** Splits a text stream into NDJSON lines; a line longer than `maxLine` is reported, not kept. */
export function createLineSplitter(
  onLine: (line: string) => void,
  onOversized: () => void,
  maxLine: number,
): { push(text: string): void; end(): void } {
  let carry = '';
  let skipping = false;
  return {
    push(text) {
      let start = 0;
      for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
        if (skipping) skipping = false;
        else if (carry.length + nl - start > maxLine) onOversized();
        else onLine(carry.length === 0 ? text.slice(start, nl) : carry + text.slice(start, nl));
        carry = '';
        start = nl + 1;
      }
      if (skipping) return;
      carry += text.slice(start);
      if (carry.length > maxLine) {
        onOversized();
        carry = '';
        skipping = true;
      }
    },
    end() {
      if (!skipping && carry.length > 0) onLine(carry);
      carry = '';
    },
  };
}

/**
 * Splits a streamed JSON array into element texts by tracking strings and nesting, so each element
 * is parsed (and rejected) on its own. A body that is one object yields that object.
 */
export function createJsonArraySplitter(
  onElement: (text: string) => void,
  onError: (message: string) => void,
  maxElement: number,
): { push(text: string): void; end(): void } {
  let mode: 'start' | 'array' | 'object' | 'done' = 'start';
  let depth = 0;
  let inString = false;
  let escaped = false;
  let element = '';
  let oversized = false;
  const flush = (text: string): void => {
    if (oversized) onElement('\u0000oversized');
    else if (text.trim().length > 0) onElement(text);
    oversized = false;
  };
  return {
    push(text) {
      let start = 0;
      for (let i = 0; i < text.length; i += 1) {
        const c = text.charCodeAt(i);
        if (mode === 'start') {
          if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0xfeff) continue;
          if (c === 0x5b) {
            mode = 'array';
            depth = 1;
            start = i + 1;
            continue;
          }
          mode = 'object';
          start = i;
        }
        if (mode === 'done') {
          if (!(c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09)) {
            onError('text after the end of the JSON array');
            return;
          }
          continue;
        }
        if (mode === 'object') continue;
        if (inString) {
          if (escaped) escaped = false;
          else if (c === 0x5c) escaped = true;
          else if (c === 0x22) inString = false;
          continue;
        }
        if (c === 0x22) inString = true;
        else if (c === 0x7b || c === 0x5b) depth += 1;
        else if (c === 0x7d) depth -= 1;
        else if (c === 0x5d) {
          depth -= 1;
          if (depth === 0) {
            flush(element + text.slice(start, i));
            element = '';
            mode = 'done';
          }
        } else if (c === 0x2c && depth === 1) {
          flush(element + text.slice(start, i));
          element = '';
          start = i + 1;
        }
      }
      if (mode === 'array' || mode === 'object') {
        if (!oversized) element += text.slice(start);
        if (element.length > maxElement) {
          oversized = true;
          element = '';
        }
      }
    },
    end() {
      if (mode === 'object') flush(element);
      else if (mode === 'array') {
        if (element.trim().length > 0 || oversized) flush(element);
        onError('the JSON array is not closed');
      }
      element = '';
    },
  };
}

/**
 * What bytes that are not UTF-8 become in decoded text: a lone low surrogate, which valid UTF-8
 * never decodes to, so an event holding one is known to have had bad bytes.
 */
export const BAD_BYTES = '\udfff';

/** Bytes at the end of `bytes` that start a character the next chunk completes (0 to 3). */
function incompleteTail(bytes: Buffer): number {
  for (let back = 1; back <= 3 && back <= bytes.length; back += 1) {
    const byte = bytes[bytes.length - back] as number;
    if ((byte & 0xc0) === 0x80) continue;
    const need = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return need > back ? back : 0;
  }
  return 0;
}

/** The length of the valid UTF-8 sequence at `i` (RFC 3629: no overlongs, surrogates or code points past U+10FFFF), or 0. */
function sequenceLength(bytes: Buffer, i: number): number {
  const lead = bytes[i] as number;
  if (lead < 0x80) return 1;
  const need =
    lead >= 0xc2 && lead < 0xe0 ? 2 : lead >= 0xe0 && lead < 0xf0 ? 3 : lead >= 0xf0 && lead < 0xf5 ? 4 : 0;
  if (need === 0 || i + need > bytes.length) return 0;
  for (let k = 1; k < need; k += 1) if (((bytes[i + k] as number) & 0xc0) !== 0x80) return 0;
  const second = bytes[i + 1] as number;
  if (
    (lead === 0xe0 && second < 0xa0) ||
    (lead === 0xed && second >= 0xa0) ||
    (lead === 0xf0 && second < 0x90) ||
    (lead === 0xf4 && second >= 0x90)
  )
    return 0;
  return need;
}

/** Decodes bytes with each invalid byte replaced by BAD_BYTES; ASCII bytes (newlines, quotes, brackets) are never swallowed. */
function decodeMarkingBadBytes(bytes: Buffer): string {
  let text = '';
  let start = 0;
  let i = 0;
  while (i < bytes.length) {
    const length = sequenceLength(bytes, i);
    if (length > 0) {
      i += length;
      continue;
    }
    text += `${bytes.toString('utf8', start, i)}${BAD_BYTES}`;
    i += 1;
    start = i;
  }
  return text + bytes.toString('utf8', start);
}

/**
 * A streaming UTF-8 decoder that shows bad bytes instead of hiding them: a decoder that writes
 * U+FFFD in their place would make two ids differing only there one id (review D11). Each chunk is
 * checked natively (`isUtf8`) and decoded at once; only a chunk with bad bytes is walked in JS.
 */
export function createUtf8Decoder(): {
  write(chunk: Buffer): string;
  end(): string;
  readonly sawBadBytes: boolean;
} {
  let held: Buffer | undefined;
  let sawBadBytes = false;
  return {
    write(chunk) {
      const bytes = held === undefined ? chunk : Buffer.concat([held, chunk]);
      const tail = incompleteTail(bytes);
      held = tail === 0 ? undefined : Buffer.from(bytes.subarray(bytes.length - tail));
      const body = tail === 0 ? bytes : bytes.subarray(0, bytes.length - tail);
      if (isUtf8(body)) return body.toString('utf8');
      sawBadBytes = true;
      return decodeMarkingBadBytes(body);
    },
    end() {
      if (held === undefined) return '';
      // The body ended inside a character.
      held = undefined;
      sawBadBytes = true;
      return BAD_BYTES;
    },
    get sawBadBytes() {
      return sawBadBytes;
    },
  };
}

/**
 * Parses one event from text `decoder` produced: one holding bytes that were not UTF-8 is
 * TELEMETRY_BAD_ENCODING (counted); the rest goes to `operate.parseText`.
 */
export function parseDecodedEvent(
  operate: OperateService,
  text: string,
  decoder: { readonly sawBadBytes: boolean },
): TelemetryParseResult {
  if (!decoder.sawBadBytes || !text.includes(BAD_BYTES)) return operate.parseText(text);
  const rejection: TelemetryRejection = {
    code: 'TELEMETRY_BAD_ENCODING',
    message: 'the event holds bytes that are not UTF-8; send it encoded as UTF-8',
  };
  operate.countRejection(rejection);
  return { ok: false, rejection };
}
