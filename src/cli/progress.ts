import { SingleBar, Presets } from 'cli-progress';

export interface Progress {
  tick(n?: number): void;
  stop(): void;
}

const SILENT: Progress = { tick() {}, stop() {} };

/** A progress bar on stderr when a person is watching (a TTY); silent in pipes, CI and logs. */
export function progressBar(label: string, total: number): Progress {
  if (!process.stderr.isTTY || total <= 0) return SILENT;
  const bar = new SingleBar(
    {
      format: `${label} [{bar}] {percentage}% | {value}/{total} | {eta_formatted} left`,
      stream: process.stderr,
      etaBuffer: 5000,
      fps: 5,
    },
    Presets.shades_classic,
  );
  bar.start(total, 0);
  let count = 0;
  return {
    tick(n = 1) {
      count += n;
      if ((count & 1023) === 0 || n > 1) bar.update(count);
    },
    /** The work is done: the bar ends at 100 % whatever the estimate of the total was. */
    stop() {
      bar.setTotal(count);
      bar.update(count);
      bar.stop();
    },
  };
}
