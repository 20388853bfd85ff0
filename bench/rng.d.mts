/** Deterministic uniform [0, 1) (mulberry32), so every run builds the same inputs. */
export function rng(seed: number): () => number;
