/** reeflow's version, recorded in every result so numbers trace back to the code that made them. */
export const VERSION = '0.1.0';
