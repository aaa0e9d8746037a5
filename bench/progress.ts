/**
 * Progress for long steps, on stderr so stdout stays the result table. Prints about every
 * tenth of the way and at the end, so a log is readable and a stalled step is visible.
 */
export function progress(label: string, total: number): (done: number) => void {
  const step = Math.max(1, Math.ceil(total / 10));
  let next = step;
  return (done) => {
    if (done >= next || done === total) {
      process.stderr.write(`${label} ${done}/${total}\n`);
      while (next <= done) next += step;
    }
  };
}

export function note(message: string): void {
  process.stderr.write(`${message}\n`);
}
