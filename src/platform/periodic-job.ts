const hour = 60 * 60 * 1000;

export interface JobLogger {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/**
 * Runs `work` once now and then every `intervalMs` (hourly by default) inside `serve`, never two
 * runs at once; a failure is logged and the next run tries again. Returns a function that stops it.
 */
export function startPeriodicJob(
  job: string,
  logger: JobLogger,
  work: () => Promise<{ message: string; details?: object } | undefined>,
  intervalMs = hour,
): () => void {
  let running = false;
  const run = async () => {
    if (running) return;
    running = true;
    try {
      const outcome = await work();
      if (outcome) logger.info({ job, ...outcome.details }, outcome.message);
    } catch (error) {
      logger.error({ job, err: error }, `The ${job} job failed; it runs again at its next turn`);
    } finally {
      running = false;
    }
  };
  void run();
  const timer = setInterval(() => void run(), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
