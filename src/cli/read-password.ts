import { createInterface } from 'node:readline/promises';
import { passwordLengthProblem } from '../platform/auth/password.js';
import { invalidField } from '../platform/errors.js';
import { refuseUnsafeText } from '../platform/http/safe-text.js';
import { decodeInput } from './cli-input.js';

/** From stdin (scripts) or an unechoed prompt; never from an argument, which `ps` would show. */
export async function readPassword(fromStdin: boolean): Promise<string> {
  let password: string;
  if (fromStdin || !process.stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    password = decodeInput(Buffer.concat(chunks), '/password').replace(/\r?\n$/, '');
  } else {
    const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
    const muted = rl as unknown as { _writeToOutput: (text: string) => void };
    process.stdout.write('Password (12 to 128 characters): ');
    muted._writeToOutput = () => undefined;
    password = await rl.question('');
    rl.close();
    process.stdout.write('\n');
  }
  refuseUnsafeText(password, '/password');
  const problem = passwordLengthProblem(password);
  if (problem) throw invalidField('/password', problem);
  return password;
}
