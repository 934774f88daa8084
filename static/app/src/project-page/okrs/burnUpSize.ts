/** The burn-up chart's size: the Key Result row keeps its room before the chart's own chunk loads. */
export const BURN_UP_SIZE = { width: 264, height: 96 };
