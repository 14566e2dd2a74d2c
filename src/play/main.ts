/**
 * The bundle's entry (scripts/build-play.mjs): in the page it starts the playground; started as
 * a web worker from the page's own script (no document there) it answers hint and proof requests.
 */
import { App, pageApi } from './app.js';
import type { PageData } from './page.js';
import { startWorker } from './worker.js';

if (typeof document === 'undefined') {
  startWorker(self as unknown as Parameters<typeof startWorker>[0]);
} else {
  const data = JSON.parse(document.getElementById('aiosim-data')?.textContent ?? 'null') as PageData | null;
  if (!data) throw new Error('aiosim playground: the page carries no data (write it with `aiosim play`)');
  (window as unknown as { aiosimPlay: unknown }).aiosimPlay = pageApi(data);
  new App(data).start();
}
