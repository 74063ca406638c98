/** The CLI's view of the world: streams and exit, passed in so commands are testable in-process. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stderr is a terminal (progress animations only then). */
  isTty: boolean;
  env: Record<string, string | undefined>;
  cwd: string;
}

/** Whether a stream error says the reader went away (`reeflow … | head` after head has exited). */
function isBrokenPipe(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'EPIPE';
}

const writers = new WeakMap<NodeJS.WriteStream, (text: string) => void>();

/**
 * A writer to a process stream that goes quiet when the reader goes away: after EPIPE the rest of
 * the output is dropped (as if read) and the command ends with its own exit code, never a stack
 * trace. Any other stream error is thrown as before. One listener per stream, however often asked.
 */
function toQuietWriter(stream: NodeJS.WriteStream): (text: string) => void {
  const known = writers.get(stream);
  if (known) return known;
  let open = true;
  stream.on('error', (error) => {
    // After EPIPE the stream is destroyed: later writes fail too, and are dropped the same way.
    if (open && !isBrokenPipe(error)) throw error;
    open = false;
  });
  const write = (text: string): void => {
    if (open) stream.write(text);
  };
  writers.set(stream, write);
  return write;
}

/** The process's own streams. */
export function createProcessIo(): CliIo {
  return {
    stdout: toQuietWriter(process.stdout),
    stderr: toQuietWriter(process.stderr),
    isTty: process.stderr.isTTY === true,
    env: process.env,
    cwd: process.cwd(),
  };
}
