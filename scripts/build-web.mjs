// Builds the web app when it exists; the API runs without it.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

if (existsSync('web/vite.config.ts')) {
  execFileSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts'], { stdio: 'inherit' });
} else {
  console.log('No web app to build yet.');
}
