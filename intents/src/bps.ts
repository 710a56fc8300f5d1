/** 100% in basis points. Its own module so the schedule maths imports nothing heavy. */
export const BPS = 10_000
