/**
 * Reading model files without trusting them: the size is checked with stat before reading, a
 * directory or a missing file is an issue, and binary content (NUL bytes, invalid UTF-8) is
 * refused instead of being parsed into nonsense.
 */
import { readFile, stat } from 'node:fs/promises';
import type { Issue } from '../issues.js';
import { createLoadIssue } from './load-issue.js';

/** 50 MB: larger model files are refused unless `maxFileBytes` says otherwise. */
export const DEFAULT_MAX_FILE_BYTES = 50 * 1024 * 1024;

export type ReadResult<T> = { ok: true; value: T } | { ok: false; issue: Issue };

function fail<T>(code: string, message: string, file: string, fix?: string): ReadResult<T> {
  return { ok: false, issue: createLoadIssue(code, message, { file, fix }) };
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}

function failRead<T>(error: unknown, file: string): ReadResult<T> {
  if (errorCode(error) === 'ENOENT')
    return fail('FILE_NOT_FOUND', `no file or folder '${file}'`, file, 'check the path');
  return fail(
    'FILE_UNREADABLE',
    `cannot read '${file}' (${errorCode(error) ?? 'unknown error'})`,
    file,
    'check the file permissions',
  );
}

/** Checks that a file exists, is a regular file and is at most `maxBytes`, before it is read or streamed. */
export async function checkFileToRead(
  absolutePath: string,
  file: string,
  maxBytes: number,
): Promise<ReadResult<number>> {
  try {
    const info = await stat(absolutePath);
    if (info.isDirectory())
      return fail(
        'FILE_IS_DIRECTORY',
        `'${file}' is a folder; expected a file`,
        file,
        'pass the file, or rename the folder',
      );
    if (!info.isFile()) return fail('FILE_NOT_REGULAR', `'${file}' is not a regular file`, file);
    if (info.size > maxBytes) {
      return fail(
        'FILE_TOO_LARGE',
        `'${file}' is ${info.size} bytes; the limit is ${maxBytes} bytes`,
        file,
        'split the table into a smaller file, or raise maxFileBytes',
      );
    }
    return { ok: true, value: info.size };
  } catch (error) {
    return failRead(error, file);
  }
}

/** Reads a file's bytes after checking it exists, is a regular file and is at most `maxBytes`. */
export async function readFileBytes(
  absolutePath: string,
  file: string,
  maxBytes: number,
): Promise<ReadResult<Buffer>> {
  const checked = await checkFileToRead(absolutePath, file, maxBytes);
  if (!checked.ok) return checked;
  try {
    return { ok: true, value: await readFile(absolutePath) };
  } catch (error) {
    return failRead(error, file);
  }
}

/** The `FILE_NOT_TEXT` issue, e.g. `createNotTextIssue('routes.csv', 'invalid UTF-8')`. */
export function createNotTextIssue(file: string, why: string): Issue {
  return createLoadIssue('FILE_NOT_TEXT', `'${file}' is not UTF-8 text (${why})`, {
    file,
    fix: 'save it as UTF-8 text (YAML, JSON or CSV)',
  });
}

/** Decodes UTF-8 text (a leading BOM is dropped); NUL bytes or invalid UTF-8 make it FILE_NOT_TEXT. */
export function fromBytesToText(bytes: Buffer, file: string): ReadResult<string> {
  const notText = (why: string): ReadResult<string> => ({ ok: false, issue: createNotTextIssue(file, why) });
  if (bytes.includes(0)) return notText('it contains NUL bytes');
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return { ok: true, value: text.startsWith('\uFEFF') ? text.slice(1) : text };
  } catch {
    return notText('invalid UTF-8');
  }
}

/** Reads a UTF-8 text file with every check of `readFileBytes` and `fromBytesToText`. */
export async function readTextFile(
  absolutePath: string,
  file: string,
  maxBytes: number,
): Promise<ReadResult<string>> {
  const bytes = await readFileBytes(absolutePath, file, maxBytes);
  return bytes.ok ? fromBytesToText(bytes.value, file) : bytes;
}
