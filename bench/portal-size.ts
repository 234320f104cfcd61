// The portal's initial download: every asset its index.html loads (entry script, module
// preloads, stylesheets), gzipped as a browser would receive it. Budget: 80 KB.
// `node bin/run-ts.mjs bench/portal-size.ts [--no-build]` builds the web bundle, measures it and
// writes bench/results/portal-size-<timestamp>.json; `npm run bench` includes it.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const webRoot = path.join(root, 'dist/web');
export const portalBudgetBytes = 80 * 1024;

export interface PortalSize {
  assets: { file: string; bytes: number; gzipBytes: number }[];
  totalBytes: number;
  totalGzipBytes: number;
  totalGzipKb: number;
  budgetKb: number;
  withinBudget: boolean;
}

export function buildWeb(): void {
  // NODE_ENV decides which React build is bundled: under a test runner (NODE_ENV=test) it would be the development one.
  execFileSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
}

export function measurePortalSize(): PortalSize {
  const html = fs.readFileSync(path.join(webRoot, 'portal/index.html'), 'utf8');
  const urls = [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*\shref)="(\/assets\/[^"]+)"/g)].map((match) => match[1]!);
  const files = ['portal/index.html', ...new Set(urls.map((url) => url.slice(1)))];
  const assets = files.map((file) => {
    const content = fs.readFileSync(path.join(webRoot, file));
    return { file, bytes: content.length, gzipBytes: gzipSync(content, { level: 9 }).length };
  });
  const totalGzipBytes = assets.reduce((sum, asset) => sum + asset.gzipBytes, 0);
  return {
    assets,
    totalBytes: assets.reduce((sum, asset) => sum + asset.bytes, 0),
    totalGzipBytes,
    totalGzipKb: Math.round((totalGzipBytes / 1024) * 100) / 100,
    budgetKb: portalBudgetBytes / 1024,
    withinBudget: totalGzipBytes <= portalBudgetBytes,
  };
}

export function writePortalSizeReport(size: PortalSize): string {
  const report = { name: 'portal-size', createdAt: new Date().toISOString(), notes: ['gzip level 9 of each file portal/index.html loads up front (entry, modulepreloads, CSS) and the HTML itself'], ...size };
  const resultsDir = path.join(root, 'bench/results');
  fs.mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `portal-size-${report.createdAt.replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  return file;
}

export function printPortalSize(size: PortalSize): void {
  for (const asset of size.assets) console.log(`  ${asset.file.padEnd(40)} ${String(asset.bytes).padStart(8)} B  gzip ${String(asset.gzipBytes).padStart(7)} B`);
  console.log(`  portal initial download: ${size.totalGzipKb} KB gzipped (budget ${size.budgetKb} KB)${size.withinBudget ? '' : '  OVER BUDGET'}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (!process.argv.includes('--no-build')) buildWeb();
  const size = measurePortalSize();
  printPortalSize(size);
  console.log(`written to ${path.relative(process.cwd(), writePortalSizeReport(size))}`);
  process.exit(size.withinBudget ? 0 : 1);
}
