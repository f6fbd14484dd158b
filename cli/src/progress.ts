/**
 * How far a run has got: a cli-progress bar when stderr is a terminal, otherwise one plain line
 * every few seconds (logs and CI see progress without control characters).
 */
import { SingleBar } from 'cli-progress';

export interface Progress {
  /** A new phase: `total` steps to go, named for a person. */
  start(phase: string, total: number): void;
  increment(by?: number): void;
  /** A line that must not be torn by the bar (a retry, a bad row). */
  log(line: string): void;
  stop(): void;
}

export interface ProgressOptions {
  stream?: NodeJS.WriteStream;
  /** Seconds between plain lines. */
  intervalSeconds?: number;
  /** Force one kind or the other (tests, `--no-progress`). */
  tty?: boolean;
}

class BarProgress implements Progress {
  private bar: SingleBar | undefined;
  constructor(private readonly stream: NodeJS.WriteStream) {}

  start(phase: string, total: number): void {
    this.stop();
    this.bar = new SingleBar({
      stream: this.stream,
      format: `${phase.padEnd(18)} [{bar}] {percentage}% | {value}/{total} | {eta_formatted} left`,
      hideCursor: true,
      etaBuffer: 50,
    });
    this.bar.start(total, 0);
  }

  increment(by = 1): void {
    this.bar?.increment(by);
  }

  log(line: string): void {
    if (this.bar) {
      // Clear the bar's line, print, and let the next update redraw it.
      this.stream.write(`\r\x1b[K${line}\n`);
      this.bar.render();
    } else this.stream.write(`${line}\n`);
  }

  stop(): void {
    this.bar?.stop();
    this.bar = undefined;
  }
}

class LineProgress implements Progress {
  private phase = '';
  private total = 0;
  private done = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly intervalMs: number,
  ) {}

  private print(): void {
    this.stream.write(`${this.phase}: ${this.done}/${this.total}\n`);
  }

  start(phase: string, total: number): void {
    this.stop();
    this.phase = phase;
    this.total = total;
    this.done = 0;
    this.print();
    this.timer = setInterval(() => this.print(), this.intervalMs);
    this.timer.unref();
  }

  increment(by = 1): void {
    this.done += by;
  }

  log(line: string): void {
    this.stream.write(`${line}\n`);
  }

  stop(): void {
    if (!this.timer) return;
    clearInterval(this.timer);
    this.timer = undefined;
    this.print();
  }
}

export function createProgress(options: ProgressOptions = {}): Progress {
  const stream = options.stream ?? process.stderr;
  const tty = options.tty ?? stream.isTTY === true;
  return tty ? new BarProgress(stream) : new LineProgress(stream, (options.intervalSeconds ?? 5) * 1000);
}
