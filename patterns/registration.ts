import { Pattern } from "../core/pattern";

/**
 * A pattern as the program registers it: what core composes (core/pattern.ts), and what the
 * layers above ask of it.
 */
export type RegisteredPattern = Pattern;
