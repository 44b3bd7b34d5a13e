// Standard tools run over a generated OpenAPI document, as a client author would run them:
// Redocly's linter with its recommended rules, and openapi-typescript generating the types the
// web application uses, type-checked by the repository's own tsc. Both are root devDependencies.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const require = createRequire(import.meta.url);
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const REDOCLY = join(ROOT, 'node_modules/@redocly/cli/bin/cli.js');
const OPENAPI_TS = join(ROOT, 'node_modules/openapi-typescript/bin/cli.js');
const TSC = require.resolve('typescript/bin/tsc');

/** One finding of the linter. */
export interface LintProblem {
  ruleId: string;
  severity: 'error' | 'warn';
  message: string;
  where: string;
}

async function inTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'jir-openapi-'));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Lints the document with Redocly's `recommended` ruleset (the repository's redocly.yaml). */
export async function lintOpenApi(doc: unknown): Promise<LintProblem[]> {
  return inTempDir(async (dir) => {
    const file = join(dir, 'openapi.json');
    await writeFile(file, JSON.stringify(doc));
    const out = await run(
      process.execPath,
      [REDOCLY, 'lint', file, '--config', join(ROOT, 'redocly.yaml'), '--format', 'json'],
      { cwd: dir, env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' } },
    ).catch((e: { stdout?: string; stderr?: string }) => {
      // Redocly exits non-zero when it finds errors; the report is still on stdout.
      if (!e.stdout) throw new Error(`redocly lint failed: ${e.stderr ?? String(e)}`);
      return { stdout: e.stdout };
    });
    const report = JSON.parse(out.stdout.slice(out.stdout.indexOf('{'))) as {
      problems: {
        ruleId: string;
        severity: 'error' | 'warn';
        message: string;
        location: { pointer: string }[];
      }[];
    };
    return report.problems.map((p) => ({
      ruleId: p.ruleId,
      severity: p.severity,
      message: p.message,
      where: p.location[0]?.pointer ?? '',
    }));
  });
}

/**
 * Generates TypeScript types from the document with openapi-typescript, then type-checks
 * `usage` (a module that imports them from './api.js') with strict settings. Returns the
 * generated source and tsc's diagnostics (empty when it compiles).
 */
export async function generateAndCheckClient(
  doc: unknown,
  usage: string,
): Promise<{ types: string; diagnostics: string }> {
  return inTempDir(async (dir) => {
    await writeFile(join(dir, 'openapi.json'), JSON.stringify(doc));
    await run(process.execPath, [OPENAPI_TS, join(dir, 'openapi.json'), '-o', join(dir, 'api.d.ts')], {
      cwd: dir,
    });
    await writeFile(join(dir, 'usage.ts'), usage);
    const tsconfig = {
      compilerOptions: {
        strict: true,
        noEmit: true,
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        target: 'ES2022',
        skipLibCheck: false,
        types: [],
      },
      files: ['usage.ts', 'api.d.ts'],
    };
    await writeFile(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig));
    const diagnostics = await run(process.execPath, [TSC, '-p', join(dir, 'tsconfig.json')], {
      cwd: dir,
    }).then(
      () => '',
      (e: { stdout?: string; stderr?: string }) => `${e.stdout ?? ''}${e.stderr ?? ''}` || String(e),
    );
    return { types: await readFile(join(dir, 'api.d.ts'), 'utf8'), diagnostics };
  });
}

/**
 * The operations whose success answer the generated types leave untyped: no JSON or
 * binary content, or a body typed `unknown`. A fully typed client has none.
 */
export function untypedSuccessResponses(types: string): string[] {
  const ops = types.slice(types.indexOf('export interface operations'));
  const out: string[] = [];
  for (const m of ops.matchAll(/\n {4}([A-Za-z0-9]+): \{([\s\S]*?)\n {4}\};/g)) {
    const [, name, body] = m;
    const responses = body!.slice(body!.indexOf('responses: {'));
    for (const r of responses.matchAll(/\n {12}(2\d\d): \{([\s\S]*?)\n {12}\};/g)) {
      const content = r[2]!;
      // Headers are `[name: string]: unknown` everywhere; only the body counts.
      if (/content\?: never/.test(content) || /": unknown;/.test(content)) out.push(`${name} ${r[1]}`);
    }
  }
  return out;
}
