// The app's React front end: built with its own Vite against a given backend, and served
// from a tiny static file server (no Vite dev server, no preview server).

import { execFile } from "node:child_process";
import { createReadStream, existsSync, statSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/**
 * `vite build` of <app>/<frontDir> (`front` unless given) with VITE_API_URL set, into its dist/.
 * @returns {Promise<string>} the dist folder
 */
export async function buildFront(appDir, apiUrl, frontDir = "front") {
  const front = path.join(appDir, frontDir);
  const vite = path.join(front, "node_modules/vite/bin/vite.js");
  try {
    await run(process.execPath, [vite, "build", "--logLevel", "warn"], {
      cwd: front,
      env: { ...process.env, VITE_API_URL: apiUrl },
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    throw new Error(`vite build of ${front} failed:\n${error.stdout ?? ""}${error.stderr ?? error.message}`);
  }
  return path.join(front, "dist");
}

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".json": "application/json",
};

/**
 * Serves `root` on 127.0.0.1 (free port); unknown paths get index.html (SPA fallback).
 * @returns {Promise<{ url: string, close: () => Promise<void> }>}
 */
export async function serveStatic(root) {
  const server = http.createServer((req, res) => {
    const urlPath = decodeURIComponent(new URL(req.url, "http://x").pathname);
    let file = path.join(root, path.normalize(urlPath));
    if (!file.startsWith(root) || !existsSync(file) || statSync(file).isDirectory()) {
      file = path.join(root, "index.html");
    }
    res.writeHead(200, { "Content-Type": TYPES[path.extname(file)] ?? "application/octet-stream" });
    createReadStream(file).pipe(res);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
