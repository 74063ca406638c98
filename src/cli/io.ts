/** The CLI's view of the world: streams and exit, passed in so commands are testable in-process. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stderr is a terminal (progress animations only then). */
  isTty: boolean;
  env: Record<string, string | undefined>;
  cwd: string;
}

/** The process's own streams. */
export function createProcessIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    isTty: process.stderr.isTTY === true,
    env: process.env,
    cwd: process.cwd(),
  };
}
