// One closing line for the whole suite, "N passed, N failed", from Jest's JSON report and the
// browser tests' TAP report: each runner prints only its own counts.
import { existsSync, readFileSync } from 'node:fs';

const jestReport = 'test-artifacts/jest.json';
const e2eReport = 'test-artifacts/e2e.tap';
let passed = 0;
let failed = 0;
let skipped = 0;

if (existsSync(jestReport)) {
  const jest = JSON.parse(readFileSync(jestReport, 'utf8'));
  passed += jest.numPassedTests;
  failed += jest.numFailedTests + (jest.numRuntimeErrorTestSuites ?? 0);
  skipped += jest.numPendingTests + (jest.numTodoTests ?? 0);
}
if (existsSync(e2eReport)) {
  const tap = readFileSync(e2eReport, 'utf8');
  const count = (name) => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(tap)?.[1] ?? 0);
  passed += count('pass');
  failed += count('fail') + count('cancelled');
  skipped += count('skipped') + count('todo');
}
console.log(`\nAll tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
