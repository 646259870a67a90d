// check.mjs validates OpenAPI documents with the two validators our users
// run: @apidevtools/swagger-parser (schema validation and $ref
// resolution) and @redocly/cli lint (its recommended rules; errors fail,
// warnings are printed). It takes the documents' file names and exits 1
// when any is invalid, printing one line per problem and a count:
//
//	node check.mjs doc1.json doc2.json
//
// server's TestOpenAPIValidators writes the documents (one per access
// configuration) and runs it; `make api-check` installs it with npm ci.

import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import SwaggerParser from '@apidevtools/swagger-parser';

const here = path.dirname(fileURLToPath(import.meta.url));
const redocly = path.join(here, 'node_modules', '@redocly', 'cli', 'bin', 'cli.js');

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: node check.mjs openapi.json...');
  process.exit(2);
}

let failed = 0;
for (const file of files) {
  // swagger-parser: throws on the first class of errors, listing them.
  try {
    await SwaggerParser.validate(file);
    console.log(`swagger-parser: ${file}: valid, 0 errors`);
  } catch (err) {
    failed++;
    const details = Array.isArray(err.details) ? err.details.length : 1;
    console.log(`swagger-parser: ${file}: INVALID, ${details} errors\n${err.message}`);
  }

  // redocly lint: the JSON report counts errors and warnings.
  let out;
  try {
    out = await promisify(execFile)(process.execPath, [redocly, 'lint', '--format=json', file], {
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' },
      maxBuffer: 64 << 20,
    });
  } catch (err) {
    out = err; // exit 1 when there are errors; stdout still holds the report
  }
  let report;
  try {
    report = JSON.parse(out.stdout);
  } catch {
    failed++;
    console.log(`redocly: ${file}: no report:\n${out.stdout}\n${out.stderr}`);
    continue;
  }
  const errors = report.problems.filter((p) => p.severity === 'error');
  const warnings = report.problems.filter((p) => p.severity !== 'error');
  console.log(`redocly: ${file}: ${errors.length} errors, ${warnings.length} warnings`);
  for (const p of [...errors, ...warnings]) {
    const where = p.location?.[0]?.pointer ?? '';
    console.log(`  ${p.severity} ${p.ruleId} ${where}: ${p.message}`);
  }
  if (errors.length > 0) failed++;
}
if (failed > 0) {
  console.log(`apicheck: ${failed} failed checks`);
  process.exit(1);
}
console.log(`apicheck: ${files.length} documents valid`);
