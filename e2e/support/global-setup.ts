import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromiumPath } from './browser.js';

/** The browser tests need the built server and web app, and Chromium; without them they fail, never skip. */
export default function setup() {
  if (!existsSync(chromiumPath)) {
    throw new Error(`Chromium is not at ${chromiumPath}. Install it (Debian: apt-get install chromium) to run the browser tests.`);
  }
  if (!existsSync('dist/cli/trialdesk.js') || !existsSync('web/dist/index.html')) {
    execFileSync('npm', ['run', 'build'], { stdio: 'inherit' });
  }
}
