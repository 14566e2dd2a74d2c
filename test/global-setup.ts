import { execFileSync } from 'node:child_process';

/** Build dist/ once so end-to-end tests run the CLI exactly as `npx aiosim` would. */
export default function setup(): void {
  execFileSync('npx', ['tsc', '-p', 'tsconfig.json'], { stdio: 'inherit' });
}
