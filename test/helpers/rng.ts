export { mulberry32 } from '../../src/core/random.js';
