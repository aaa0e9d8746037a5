// Builds the web app when it exists; the API runs without it.
// With --if-changed (npm start), skips the build when web/dist holds a build of exactly the
// current inputs: a stamp of their hashes is written into web/dist after each build.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const outDir = 'web/dist';
const stampFile = join(outDir, '.inputs-hash');

/** Every file the bundle is made from: the web app's sources and config, and the locked dependency versions. */
function inputFiles() {
  const files = ['package-lock.json'];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (path !== outDir && entry.name !== 'node_modules') walk(path);
      } else files.push(path);
    }
  };
  walk('web');
  return files.filter((file) => existsSync(file)).sort();
}

function inputsHash() {
  const hash = createHash('sha256');
  // The path is hashed too: a renamed or deleted file changes the stamp.
  for (const file of inputFiles()) hash.update(`${file}\0`).update(readFileSync(file)).update('\0');
  return hash.digest('hex');
}

if (!existsSync('web/vite.config.ts')) {
  console.log('No web app to build yet.');
} else {
  const hash = inputsHash();
  const built = existsSync(stampFile) ? readFileSync(stampFile, 'utf8').trim() : null;
  if (process.argv.includes('--if-changed') && built === hash && existsSync(join(outDir, 'index.html'))) {
    console.log('The web app is up to date (web/dist matches its inputs).');
  } else {
    execFileSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts'], { stdio: 'inherit' });
    writeFileSync(stampFile, `${hash}\n`);
  }
}
