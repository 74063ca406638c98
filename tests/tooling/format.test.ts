/**
 * The format check catches an unformatted file: Prettier (with the repository's .prettierrc and
 * .prettierignore) fails a planted badly formatted source file, and `npm test` runs the check.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as prettier from 'prettier';
import { describe, expect, it } from 'vitest';

const root = process.cwd();

/** What `prettier --check` decides for `text` at `path`: formatted, unformatted or ignored. */
async function checkAs(path: string, text: string): Promise<'formatted' | 'unformatted' | 'ignored'> {
  const file = join(root, path);
  const info = await prettier.getFileInfo(file, { ignorePath: join(root, '.prettierignore') });
  if (info.ignored) return 'ignored';
  const config = (await prettier.resolveConfig(file)) ?? {};
  return (await prettier.check(text, { ...config, filepath: file })) ? 'formatted' : 'unformatted';
}

describe('the format check', () => {
  it('fails an unformatted source file and passes it once formatted', async () => {
    const planted = 'export const  sum=(a:number,b:number)=>{return a+b}\n';
    expect(await checkAs('src/plan/planted.ts', planted)).toBe('unformatted');
    const file = join(root, 'src/plan/planted.ts');
    const formatted = await prettier.format(planted, {
      ...(await prettier.resolveConfig(file)),
      filepath: file,
    });
    expect(await checkAs('src/plan/planted.ts', formatted)).toBe('formatted');
  });

  it('checks every code folder (web, tests, bench, scripts too), not only src/', async () => {
    for (const path of [
      'web/src/planted.tsx',
      'tests/planted.test.ts',
      'bench/planted.ts',
      'scripts/planted.ts',
      'eslint.config.js',
    ])
      expect(await checkAs(path, 'export const  x =1\n'), path).toBe('unformatted');
  });

  it('runs in npm test together with the type check and the lint', () => {
    const scripts = (
      JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
    ).scripts;
    expect(scripts['format:check']).toBe('prettier --check .');
    expect(scripts['test']).toContain('npm run format:check');
    expect(scripts['test']).toContain('npm run lint');
    expect(scripts['test']).toContain('npm run typecheck');
  });
});
