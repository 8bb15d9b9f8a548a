// Validates AsyncAPI documents with the official parser: `node validate.mjs <file>...`.
// Prints every diagnostic; exits 1 when any is an error (severity 0), or when a
// document does not parse. Run by tests/it/contract.rs.
import { readFile } from "node:fs/promises";
import { Parser } from "@asyncapi/parser";

const parser = new Parser();
let failed = false;
for (const file of process.argv.slice(2)) {
  const { document, diagnostics } = await parser.parse(await readFile(file, "utf8"), { source: file });
  for (const d of diagnostics) {
    console.log(`${file}: severity ${d.severity} ${d.code} at ${d.path.join(".")}: ${d.message}`);
  }
  if (!document || diagnostics.some((d) => d.severity === 0)) {
    failed = true;
    console.log(`${file}: invalid`);
  } else {
    console.log(`${file}: valid AsyncAPI ${document.version()}, ${document.channels().length} channels, ${document.operations().length} operations`);
  }
}
process.exit(failed ? 1 : 0);
