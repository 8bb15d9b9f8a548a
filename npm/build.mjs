#!/usr/bin/env node
// Stages one of rtgen's npm packages in an output folder and, with --pack,
// packs it with `npm pack`. The release workflow runs it for each platform
// and the launcher; here:
//
//   cargo build --release && node npm/build.mjs linux-x64 --pack
//   node npm/build.mjs rtgen --pack
//
// usage: node npm/build.mjs <package> [--binary PATH] [--out DIR] [--repository URL] [--pack]
//   <package>     `rtgen` (the launcher) or a platform folder: linux-x64, linux-arm64,
//                 darwin-x64, darwin-arm64, win32-x64
//   --binary      the platform's rtgen binary (default: $CARGO_TARGET_DIR or target, then
//                 release/rtgen, .exe on win32)
//   --out         where the staged package and its tarball go (default: target/npm)
//   --repository  the repository URL to record in package.json (npm provenance needs it)
//   --pack        also run `npm pack`; prints the tarball's path
//
// It refuses a package whose version is not Cargo.toml's. The source folders
// under npm/ are never written to.
import { execFileSync } from "node:child_process";
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const npmDir = path.dirname(fileURLToPath(import.meta.url));
const repo = path.dirname(npmDir);

function fail(message) {
  process.stderr.write(`error: ${message}\n`);
  process.exit(2);
}

const { values: options, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    binary: { type: "string" },
    out: { type: "string", default: path.join(repo, "target", "npm") },
    repository: { type: "string" },
    pack: { type: "boolean", default: false },
  },
});
if (positionals.length !== 1) {
  fail("name one package: `rtgen` or a platform such as `linux-x64`\n  usage: node npm/build.mjs <package> [--binary PATH] [--out DIR] [--repository URL] [--pack]");
}
const name = positionals[0];
const source = path.join(npmDir, name);
if (name.includes("..") || !existsSync(path.join(source, "package.json"))) {
  fail(`\`npm/${name}/package.json\` does not exist\n  help: the packages are \`rtgen\` and the platform folders under npm/`);
}

const manifest = JSON.parse(readFileSync(path.join(source, "package.json"), "utf8"));
const cargoVersion = /^\[package\][^[]*?^version\s*=\s*"([^"]+)"/ms.exec(readFileSync(path.join(repo, "Cargo.toml"), "utf8"))?.[1];
if (manifest.version !== cargoVersion) {
  fail(`\`npm/${name}/package.json\` has version ${manifest.version}, Cargo.toml ${cargoVersion}\n  help: give every npm package Cargo.toml's version`);
}

const out = path.resolve(options.out);
const stage = path.join(out, name);
rmSync(stage, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
cpSync(source, stage, { recursive: true });

if (manifest.os) {
  const exe = manifest.os.includes("win32") ? "rtgen.exe" : "rtgen";
  const targetDir = process.env.CARGO_TARGET_DIR || path.join(repo, "target");
  const binary = path.resolve(options.binary ?? path.join(targetDir, "release", exe));
  if (!existsSync(binary)) {
    fail(`\`${binary}\` does not exist\n  help: build it first (\`cargo build --release\`) or pass \`--binary PATH\``);
  }
  mkdirSync(path.join(stage, "bin"), { recursive: true });
  copyFileSync(binary, path.join(stage, "bin", exe));
  chmodSync(path.join(stage, "bin", exe), 0o755);
} else if (options.binary) {
  fail(`\`${name}\` is the launcher and holds no binary; \`--binary\` is for the platform packages`);
}

if (options.repository) {
  manifest.repository = { type: "git", url: options.repository };
  writeFileSync(path.join(stage, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
}

if (options.pack) {
  const tarball = execFileSync("npm", ["pack", "--pack-destination", out, "--loglevel=error"], {
    cwd: stage,
    encoding: "utf8",
    shell: process.platform === "win32",
  })
    .trim()
    .split("\n")
    .pop();
  console.log(path.join(out, tarball));
} else {
  console.log(stage);
}
