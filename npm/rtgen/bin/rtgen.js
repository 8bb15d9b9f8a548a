#!/usr/bin/env node
// The `rtgen` command of the npm package: runs the prebuilt binary that npm
// installed for this machine (the optional dependency `@rtgen/<os>-<cpu>`
// whose `os` and `cpu` fit), with the same arguments, the same standard
// streams and its exit code. No download, no install script.
"use strict";

const { spawnSync } = require("node:child_process");
const path = require("node:path");
const { version, optionalDependencies } = require("../package.json");

const SCOPE = "@rtgen/";

/** Prints `error: <message>` and ends with rtgen's error exit code. */
function fail(message) {
  process.stderr.write(`error: ${message}\n`);
  process.exit(2);
}

/** The binary to run: `RTGEN_BINARY`, or the one in this platform's package. */
function binaryPath() {
  if (process.env.RTGEN_BINARY) {
    return process.env.RTGEN_BINARY;
  }
  const platform = `${process.platform}-${process.arch}`;
  const name = SCOPE + platform;
  if (!Object.hasOwn(optionalDependencies, name)) {
    const known = Object.keys(optionalDependencies).map((dep) => dep.slice(SCOPE.length));
    fail(
      `rtgen ${version} has no prebuilt binary for ${platform} (only for ${known.join(", ")})\n` +
        "  help: build rtgen with cargo (see its README's install section) and set RTGEN_BINARY to the binary's path",
    );
  }
  let manifest;
  try {
    manifest = require.resolve(`${name}/package.json`);
  } catch {
    fail(
      `\`${name}\`, the package with rtgen's binary for ${platform}, is not installed\n` +
        "  help: npm installs it as an optional dependency of `rtgen`: reinstall without `--omit=optional` " +
        "(or `--no-optional`), and on a machine of the platform that runs it (not a copied `node_modules`)",
    );
  }
  return path.join(path.dirname(manifest), "bin", process.platform === "win32" ? "rtgen.exe" : "rtgen");
}

const binary = binaryPath();
const result = spawnSync(binary, process.argv.slice(2), { stdio: "inherit", windowsHide: true });
if (result.error) {
  fail(`cannot run \`${binary}\`: ${result.error.message}`);
}
if (result.signal) {
  // Die of the same signal, so a shell sees what the binary saw.
  process.kill(process.pid, result.signal);
}
process.exit(result.status ?? 2);
