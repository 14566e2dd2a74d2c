/**
 * `aiosim play`: writes the browser playground, one self-contained HTML file that runs the same
 * simulator in the page (src/play/). Without a scenario it carries the whole catalog and the
 * levels; with one, that scenario (under --fs), opened for free play. The page's script is the
 * bundle `npm run build` wrote (dist/play/bundle.js); a checkout built with tsc alone bundles it
 * now, with esbuild.
 */
import type { Command } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { catalog, catalogDir, loadScenario, lockPrograms } from '../src/scenario/catalog.js';
import { type PageData, playPage } from '../src/play/page.js';
import { UserError } from '../src/sim/errors.js';
import { fsOption, valueOption } from './options.js';
import { checkWritable, out, writeFileAtomic } from './output.js';

export interface PlayCommandOptions {
  readonly fs?: string;
  readonly output: string;
}

/** The page's script: the built bundle, or one made now from the sources. */
async function playBundle(): Promise<string> {
  const root = dirname(catalogDir());
  const built = join(root, 'dist/play/bundle.js');
  if (existsSync(built)) return readFileSync(built, 'utf8');
  const script = join(root, 'scripts/build-play.mjs');
  try {
    const { bundlePlay } = (await import(pathToFileURL(script).href)) as { bundlePlay: () => Promise<string> };
    return await bundlePlay();
  } catch (err) {
    throw new UserError(
      `the playground's script ${built} is missing and cannot be made here (${(err as Error).message.split('\n')[0]}): run \`npm run build\``,
    );
  }
}

export function addPlayCommand(program: Command): void {
  program
    .command('play')
    .description('write the browser playground: one HTML file that runs the simulator offline, with levels, stepping, hints and shareable links')
    .argument('[scenario]', 'built-in scenario name or a .yaml/.json file (default: the whole catalog and every level)')
    .addOption(fsOption('file-system scheme to open the scenario under (default: its own)'))
    .addOption(valueOption('-o, --output <file>', 'where to write the page').default('play.html'))
    .addHelpText(
      'after',
      `
Open the file in any browser (file:// is fine; nothing is fetched). Keys in the page: 1-9 choose, u undo, r redo,
e run to the end, h hint, p projector mode. The address is the replay token (#<token>&step=N): share it.

Examples:
  $ aiosim play                                   # every level and the whole catalog, into play.html
  $ aiosim play truncate-vs-aio-write --fs bug-truncate-nowait -o race.html
  $ aiosim play my-scenario.yaml`,
    )
    .action(async (ref: string | undefined, o: PlayCommandOptions) => {
      if (ref === undefined && o.fs !== undefined) throw new UserError('--fs: needs a scenario (the levels choose their own schemes)');
      checkWritable('--output', o.output);
      const scenarios =
        ref === undefined ? [...catalog(), ...lockPrograms()].map((scenario) => ({ ref: scenario.name, scenario })) : [{ ref, scenario: loadScenario(ref) }];
      const data: PageData = { scenarios, start: ref === undefined ? null : { ref, fs: o.fs ?? scenarios[0]!.scenario.fs } };
      const html = playPage(await playBundle(), data);
      writeFileAtomic(o.output, html, '--output');
      out(`wrote ${o.output} (${Math.round(Buffer.byteLength(html) / 1024)} KiB): open ${pathToFileURL(resolve(o.output)).href} in a browser`);
    });
}
