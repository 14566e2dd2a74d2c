/**
 * Device service time, sampled through the scheduler so that a schedule string replays it:
 * the recorded choice is a uniform integer, turned into the distribution's value by its
 * inverse CDF. Virtual microseconds in, nanoseconds out.
 */
import type { Simulator } from '../sim/simulator.js';

export type ServiceDistribution = 'uniform' | 'fixed' | 'exponential' | 'lognormal';

export interface LatencyParams {
  readonly min: number;
  readonly max: number;
  readonly distribution?: ServiceDistribution;
  /** Mean of exponential / lognormal (default the midpoint of [min, max]). */
  readonly mean?: number;
}

const STEPS = 1 << 16;
/** Spread of the lognormal (σ of the underlying normal): a tail, but not a wild one. */
const LOGNORMAL_SIGMA = 0.5;

export function sampleServiceUs(sim: Simulator, p: LatencyParams): number {
  const dist = p.distribution ?? 'uniform';
  if (dist === 'fixed' || p.min === p.max) return p.min;
  if (dist === 'uniform') return sim.sample(p.min, p.max);
  const u = (sim.sample(0, STEPS - 1) + 0.5) / STEPS;
  const mean = p.mean ?? (p.min + p.max) / 2;
  let v: number;
  if (dist === 'exponential') v = p.min - Math.log(1 - u) * Math.max(1, mean - p.min);
  else {
    // E[X] = exp(mu + σ²/2) = mean
    const mu = Math.log(Math.max(1, mean)) - (LOGNORMAL_SIGMA * LOGNORMAL_SIGMA) / 2;
    v = Math.exp(mu + LOGNORMAL_SIGMA * normalQuantile(u));
  }
  return Math.round(Math.min(p.max, Math.max(p.min, v)));
}

/** Acklam's rational approximation of the standard normal quantile (|error| < 1.2e-9). */
function normalQuantile(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  if (p > 1 - lo) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
  );
}
