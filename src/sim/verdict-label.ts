/**
 * A verdict's short label, as every table and list prints it: `kind`, or `kind/subkind` for the
 * checks that have one (lockdep's `lockdep/bad-unlock`). Titles that explain a verdict print
 * the subkind in parentheses instead (cli/render.ts, the HTML report).
 */
import type { Verdict } from './verdict.js';

export function verdictLabel(v: Pick<Verdict, 'kind' | 'subkind'>): string {
  return v.subkind ? `${v.kind}/${v.subkind}` : v.kind;
}
