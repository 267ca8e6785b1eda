/**
 * One seed for every fast-check run of a test process (vitest.config.ts picks it: PROPERTY_SEED,
 * else one derived from the commit). The same commit then runs the same cases everywhere, so a
 * red run replays exactly and a green one stays green; each new commit explores new cases.
 * `PROPERTY_SEED=random` draws a fresh seed per property instead, for a wider search.
 */
import fc from 'fast-check';

const given = process.env.PROPERTY_SEED;
if (given && given !== 'random') fc.configureGlobal({ ...fc.readConfigureGlobal(), seed: Number(given) });
