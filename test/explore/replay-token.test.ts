import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { deflateRawSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { loadScenario } from '../../src/scenario/catalog.js';
import { runScenario } from '../../src/scenario/runner.js';
import { validateScenario } from '../../src/scenario/validate.js';
import { timedStrategy } from '../../src/sim/strategies/timed.js';
import { UserError } from '../../src/sim/errors.js';
import {
  MODEL_REVISION,
  bindToken,
  boundToken,
  checkTokenBinding,
  formatToken,
  parseToken,
  scenarioHash,
  schemeHash,
  schemeIdentity,
  tokenScenario,
} from '../../src/explore/replay-token.js';
import { base64UrlToBytes, bytesToBase64Url, canonicalJson, scenarioFromJsonBytes, shortHash } from '../../src/explore/token-codec.js';

const SCHEDULE = '1.~P10.i4';
const base = { scenario: 'truncate-vs-aio-write', fs: 'bug-truncate-nowait', schedule: SCHEDULE };
const BYPASS = { bypass: '--force replays it anyway' };

describe('replay tokens: format', () => {
  test('a bound token is the old three fields, then h1.<scenario hash>.<scheme hash>; it parses back', () => {
    const scenario = loadScenario('truncate-vs-aio-write');
    const text = boundToken(base, scenario);
    expect(text).toMatch(/^truncate-vs-aio-write@bug-truncate-nowait@1\.~P10\.i4@h1\.[0-9a-f]{8}\.[0-9a-f]{8}$/);
    const token = parseToken(text);
    expect(token).toEqual({ ...base, binding: { scenario: scenarioHash(scenario), scheme: schemeHash('bug-truncate-nowait') } });
    expect(formatToken(token)).toBe(text);
  });

  test('an old token (three fields) still parses, with no binding; a path with @ in it stays the scenario', () => {
    expect(parseToken(`${base.scenario}@${base.fs}@${SCHEDULE}`)).toEqual(base);
    expect(parseToken(`dir@x/my.yaml@hold@${SCHEDULE}`)).toEqual({ scenario: 'dir@x/my.yaml', fs: 'hold', schedule: SCHEDULE });
    expect(parseToken(`dir@x/my.yaml@hold@${SCHEDULE}@h1.0123abcd.89abcdef`).scenario).toBe('dir@x/my.yaml');
  });

  test('a damaged binding is refused with a line naming it', () => {
    const t = `${base.scenario}@${base.fs}@${SCHEDULE}`;
    expect(() => parseToken(`${t}@h1.0123abc.89abcdef`)).toThrow(/binding "h1\.0123abc\.89abcdef" is damaged/);
    expect(() => parseToken(`${t}@h1.0123abcd.89abcdef.a+b`)).toThrow(/is damaged/);
    expect(() => parseToken(`${t}@h9.0123abcd.89abcdef`)).toThrow(/unknown version/);
    expect(() => parseToken(`${t}@h1.0123abcd.89abcdef.AAAA.x`)).toThrow(UserError);
  });

  test('the same run prints the same token (determinism)', () => {
    const scenario = loadScenario('truncate-vs-aio-write');
    const token = () => {
      const run = runScenario(scenario, { strategy: timedStrategy(2), fs: 'bug-truncate-nowait', trace: false });
      return [
        boundToken({ ...base, schedule: run.result.schedule }, scenario),
        boundToken({ ...base, schedule: run.result.schedule }, scenario, { embed: true }),
      ];
    };
    expect(token()).toEqual(token());
  });
});

describe('replay tokens: what the scenario hash covers', () => {
  const file = 'scenarios/truncate-vs-aio-write.yaml';
  const original = loadScenario(file);
  const hashOf = (data: unknown) => scenarioHash(validateScenario(data, 'edited'));
  const data = () => parseYaml(readFileSync(file, 'utf8')) as Record<string, unknown>;

  test('reformatting, reordering keys, JSON instead of YAML, prose, name and default fs do not change it', () => {
    const d = data();
    const reordered = Object.fromEntries(Object.entries(d).reverse());
    expect(hashOf(reordered)).toBe(scenarioHash(original));
    expect(hashOf(JSON.parse(JSON.stringify(d)))).toBe(scenarioHash(original));
    expect(hashOf({ ...d, title: 'another title', description: 'edited', references: [], name: 'renamed', fs: 'hold' })).toBe(scenarioHash(original));
    // A default written out is the same scenario.
    expect(hashOf({ ...d, cpu: { submit: 0, handoff: 0, completion: 0 } })).toBe(scenarioHash(original));
  });

  test('any change a run reads changes it: an op, a file, the geometry, the device', () => {
    const d = data();
    const tasks = d.tasks as Array<{ ops: Array<Record<string, unknown>> }>;
    const longer = structuredClone(tasks);
    longer[0]!.ops[0]!.length = 8192;
    expect(hashOf({ ...d, tasks: longer })).not.toBe(scenarioHash(original));
    expect(hashOf({ ...d, geometry: { blockSize: 4096, blocks: 17 } })).not.toBe(scenarioHash(original));
    expect(hashOf({ ...d, device: { queueDepth: 3, latency: { min: 50, max: 500 } } })).not.toBe(scenarioHash(original));
    expect(hashOf({ ...d, files: [{ path: '/a', size: 16384, fill: 'x' }] })).not.toBe(scenarioHash(original));
  });
});

describe('replay tokens: checked against what they replay', () => {
  const scenario = loadScenario('truncate-vs-aio-write');
  const token = bindToken(base, scenario);

  test('the same scenario and scheme: nothing to say', () => {
    expect(checkTokenBinding(token, scenario, base.fs, BYPASS)).toBeNull();
  });

  test('an edited scenario is refused, naming the scenario; --force makes it a warning', () => {
    const edited = { ...scenario, geometry: { ...scenario.geometry, blocks: 32 } };
    expect(() => checkTokenBinding(token, edited, base.fs, BYPASS)).toThrow(
      /^the replay token no longer fits what it replays: the scenario truncate-vs-aio-write changed .*; --force replays it anyway$/,
    );
    expect(() => checkTokenBinding(token, edited, base.fs, BYPASS)).not.toThrow(/scheme/);
    expect(checkTokenBinding(token, edited, base.fs, { ...BYPASS, force: true })).toMatch(
      /^warning: .*the scenario truncate-vs-aio-write changed.*replaying anyway/,
    );
  });

  test('another scheme hash is refused, naming the scheme', () => {
    const other = { ...token, binding: { ...token.binding!, scheme: '00000000' } };
    expect(() => checkTokenBinding(other, scenario, base.fs, BYPASS)).toThrow(/the scheme bug-truncate-nowait changed \(another aiosim model revision/);
  });

  test('a scheme file is hashed by its content: an edit of the file refuses its tokens', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aiosim-scheme-'));
    const file = join(dir, 'my.mjs');
    writeFileSync(file, 'export default 1;\n');
    const bound = bindToken({ ...base, fs: file }, scenario);
    expect(checkTokenBinding(bound, scenario, file, BYPASS)).toBeNull();
    writeFileSync(file, 'export default 2;\n');
    expect(() => checkTokenBinding(bound, scenario, file, BYPASS)).toThrow(/the scheme .*my\.mjs changed \(its file was edited/);
    expect(schemeIdentity(file)).toContain('export default 2;');
    expect(schemeIdentity('hold')).toBe(`built-in scheme hold, model revision ${MODEL_REVISION}`);
    expect(() => schemeIdentity(join(dir, 'missing.mjs'))).toThrow(/not a built-in scheme, and the scheme file cannot be read \(ENOENT\)/);
  });

  test('an old token replays with a note that it is not bound', () => {
    expect(checkTokenBinding(base, scenario, base.fs, BYPASS)).toMatch(/^note: this replay token is not bound to its scenario and scheme/);
  });
});

describe('replay tokens: embedded scenarios', () => {
  const scenario = loadScenario('truncate-vs-aio-write');
  const text = boundToken({ ...base, scenario: 'scenarios/truncate-vs-aio-write.yaml' }, scenario, { embed: true });

  test('carry the whole scenario, named by its name (no path), URL-safe', () => {
    expect(text.startsWith('truncate-vs-aio-write@bug-truncate-nowait@')).toBe(true);
    expect(text).toMatch(/^[A-Za-z0-9@._~-]+$/);
    expect(tokenScenario(parseToken(text))).toEqual(scenario);
  });

  test('decode without node:zlib: DecompressionStream, as a browser has it', async () => {
    const payload = parseToken(text).binding!.payload!;
    const stream = new Blob([base64UrlToBytes(payload)!]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
    const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
    expect(validateScenario(scenarioFromJsonBytes(bytes), 'embedded')).toEqual(scenario);
  });

  test('a damaged payload, or one that does not match the name or hash, is refused', () => {
    const t = parseToken(text);
    const cut = { ...t, binding: { ...t.binding!, payload: t.binding!.payload!.slice(0, 40) } };
    expect(() => tokenScenario(cut)).toThrow(/^the scenario embedded in the replay token is damaged/);
    expect(() => tokenScenario({ ...t, scenario: 'other-name' })).toThrow(/does not match the token's name and hash/);
    const other = loadScenario('extend-then-stat');
    const swapped = bindToken({ ...base, scenario: other.name }, other, { embed: true });
    expect(() => tokenScenario({ ...t, binding: { ...t.binding!, payload: swapped.binding!.payload! } })).toThrow(/does not match/);
  });

  test('a payload that is valid JSON but not a valid scenario is refused as a scenario file would be', () => {
    const t = parseToken(text);
    const bad = bytesToBase64Url(deflateRawSync(Buffer.from(JSON.stringify({ ...scenario, version: 2 }))));
    expect(() => tokenScenario({ ...t, binding: { ...t.binding!, payload: bad } })).toThrow(/^the scenario embedded in the replay token: version/);
  });
});

describe('token codec (portable: no Node module)', () => {
  test('URL-safe base64 round-trips any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const text = bytesToBase64Url(bytes);
        expect(text).toMatch(/^[A-Za-z0-9_-]*$/);
        expect(text).toBe(Buffer.from(bytes).toString('base64url'));
        expect(base64UrlToBytes(text)).toEqual(bytes);
      }),
    );
    expect(base64UrlToBytes('abcde')).toBeNull();
    expect(base64UrlToBytes('ab+/')).toBeNull();
  });

  test('canonical JSON sorts keys at every depth and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 1, c: undefined, b: 2 }] })).toBe('{"a":[{"b":2,"d":1}],"b":1}');
  });

  test('shortHash is FNV-1a 64 folded to 8 hex digits (pinned: tokens printed today must keep their hashes)', () => {
    expect(shortHash('')).toBe('4fd0bfc1'); // the offset basis, folded: 0xcbf29ce4 ^ 0x84222325
    expect(shortHash('a')).not.toBe(shortHash('b'));
    expect(shortHash(new TextEncoder().encode('aiosim'))).toBe(shortHash('aiosim'));
  });
});
