/** Line weights are fractional; two decimals keep the JSON free of float noise. */
export const round2 = (n: number): number => Math.round(n * 100) / 100;
