/**
 * Reads the word vectors lib/matching re-ranks with into their compact copy in the system's
 * temporary folder (lib/matching/vectors.ts), so the first "checked before?" query of a server or
 * a test run does not pay the scan of the 300 MB package file. `npm test` runs it first; a fresh
 * machine takes a few seconds here, later runs a moment.
 */
import { wordVectors } from '@/lib/matching/vectors';

const started = performance.now();
const vectors = wordVectors();
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(vectors ? `Word vectors ready: ${vectors.index.size.toLocaleString('en-US')} words in ${seconds} s.` : 'Word vectors not installed: matching ranks without them.');
