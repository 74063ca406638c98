/** A phase indicator on stderr: an animated line on a terminal, one line per phase otherwise. */
import type { CliIo } from './io.js';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export interface PhaseIndicator {
  phase(name: string, detail?: string): void;
  stop(): void;
}

/** Creates an indicator; quiet when `enabled` is false (e.g. --json to a pipe stays clean). */
export function createPhaseIndicator(io: CliIo, enabled: boolean): PhaseIndicator {
  let timer: ReturnType<typeof setInterval> | undefined;
  let started = performance.now();
  let frame = 0;
  let label = '';
  const clear = (): void => {
    if (timer) clearInterval(timer);
    timer = undefined;
    if (io.isTty) io.stderr('\r\x1b[K');
  };
  return {
    phase(name, detail) {
      if (!enabled) return;
      clear();
      started = performance.now();
      label = `${name}${detail ? ` (${detail})` : ''}`;
      if (!io.isTty) {
        io.stderr(`${label}…\n`);
        return;
      }
      timer = setInterval(() => {
        frame = (frame + 1) % FRAMES.length;
        io.stderr(`\r\x1b[K${FRAMES[frame]} ${label} ${((performance.now() - started) / 1000).toFixed(1)}s`);
      }, 100);
      timer.unref();
    },
    stop: clear,
  };
}
