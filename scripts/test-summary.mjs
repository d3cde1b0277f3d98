// Adds up the test counts of every runner into one closing line: "Tests: N passed, N failed".
import fs from 'node:fs';
import path from 'node:path';

const dir = process.argv[2] ?? '.test-artifacts';
const read = (file) => {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
  } catch {
    return null;
  }
};

let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of ['unit.json', 'integration.json']) {
  const r = read(file);
  if (!r) {
    console.log(`${file}: missing (that runner did not finish)`);
    failed++;
    continue;
  }
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  skipped += r.numPendingTests + (r.numTodoTests ?? 0);
  console.log(`${file}: ${r.numPassedTests} passed, ${r.numFailedTests} failed`);
}
// e2e/ui, then the smoke of the container image (scripts/image-test.sh).
for (const file of ['playwright.json', 'playwright-image.json']) {
  const pw = read(file);
  if (!pw) {
    console.log(`${file}: missing (that runner did not finish)`);
    failed++;
    continue;
  }
  const s = pw.stats;
  passed += s.expected + s.flaky;
  failed += s.unexpected;
  skipped += s.skipped;
  console.log(`${file}: ${s.expected + s.flaky} passed, ${s.unexpected} failed`);
}
console.log(`Tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
