/**
 * Parsers of the numeric command-line flags (commander's argParser). A value that is not a whole
 * number in range stops the command with exit code 2 before it does anything; commander names the
 * flag: `error: option '--batch-size <n>' argument '1.5' is invalid. expected a whole number >= 1`.
 */
import { InvalidArgumentError } from 'commander';

/** Usage errors exit with 2, like every other bad input of the command line. */
const USAGE_EXIT_CODE = 2;

function invalid(message: string): InvalidArgumentError {
  const err = new InvalidArgumentError(message);
  err.exitCode = USAGE_EXIT_CODE;
  return err;
}

/** A parser of whole numbers in [min, max] written in decimal digits (no sign, fraction, exponent or unit). */
export function wholeNumber(min: number, max: number = Number.MAX_SAFE_INTEGER): (text: string) => number {
  const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `from ${min} to ${max}`;
  return (text: string) => {
    const n = /^\d+$/.test(text) ? Number(text) : Number.NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) throw invalid(`expected a whole number ${range}`);
    return n;
  };
}

/** 1, 2, 3, ... */
export const positiveInt = wholeNumber(1);

/** 0, 1, 2, ... */
export const nonNegativeInt = wholeNumber(0);
