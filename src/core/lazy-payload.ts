import type { DecodedTrailers } from './attestation-trailers.js';

type Decoded = Extract<DecodedTrailers, { kind: 'ok' }>;

/**
 * `decoded` with `payload` made on first read and kept: restoring a remembered verdict (trace,
 * report) and reading claims (detect) never check the signature, and serialising the statement
 * was most of their decoding. `make` reads the predicate as decoded, which no caller changes in
 * place (they copy it to change it).
 */
export function withLazyPayload(decoded: Omit<Decoded, 'payload'>, make: () => Uint8Array): Decoded {
  let bytes: Uint8Array | undefined;
  return Object.defineProperty(decoded, 'payload', {
    get: () => (bytes ??= make()),
    enumerable: true,
    configurable: true,
  }) as Decoded;
}
