import fc from 'fast-check';

// The suite must be deterministic: property tests use a fixed seed unless FC_SEED asks for another
// (e.g. FC_SEED=$RANDOM npm test to explore; a failure prints the seed and path to replay it).
fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20200114) });
