/**
 * The one seeded random generator of reeflow: xoshiro128** (Blackman & Vigna, 2018) seeded through
 * splitmix32, so every simulation replication, every disruption stream within it, every synthetic
 * telemetry run and every cross-validation split has its own reproducible sequence derived from one
 * seed. Domain code never reads Math.random; it is passed a `Random` or a seed.
 */

/** A source of uniform numbers in [0, 1). */
export interface Random {
  next(): number;
}

/** splitmix32: one step of the mixer used to seed and to derive seeds (Steele et al., 2014). */
export function splitmix32(seed: number): number {
  let z = (seed + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * The seed of sub-stream `index` of `seed`: replication r of master seed s is `deriveSeed(s, r)`,
 * its outage stream `deriveSeed(deriveSeed(s, r), STREAM.outages)`. Independent of worker count.
 */
export function deriveSeed(seed: number, index: number): number {
  return splitmix32(splitmix32(seed >>> 0) ^ splitmix32((index + 0x632be5ab) >>> 0));
}

/** xoshiro128**: a 128-bit-state generator, fast and well tested, period 2^128 − 1. */
export function createRandom(seed: number): Random {
  let a = splitmix32(seed);
  let b = splitmix32(a);
  let c = splitmix32(b);
  let d = splitmix32(c);
  if ((a | b | c | d) === 0) a = 1;
  return {
    next(): number {
      const result = Math.imul(rotl(Math.imul(b, 5), 7), 9);
      const t = b << 9;
      c ^= a;
      d ^= b;
      b ^= c;
      a ^= d;
      c ^= t;
      d = rotl(d, 11);
      return (result >>> 0) / 4294967296;
    },
  };
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** An exponential draw with the given mean (inverse transform). */
export function sampleExponential(random: Random, mean: number): number {
  return -mean * Math.log(1 - random.next());
}

/** A standard normal draw (Box–Muller; one of the pair is discarded to keep streams simple). */
export function sampleNormal(random: Random): number {
  const u = 1 - random.next();
  const v = random.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** A lognormal draw with the given mean and coefficient of variation. */
export function sampleLognormal(random: Random, mean: number, cv: number): number {
  if (cv <= 0) return mean;
  const sigma2 = Math.log(1 + cv * cv);
  return mean * Math.exp(Math.sqrt(sigma2) * sampleNormal(random) - sigma2 / 2);
}
