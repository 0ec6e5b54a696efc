/**
 * Errors a user can act on. The CLI prints `balloontop: <message>` on one line
 * and exits with `exitCode`; anything else is a bug and is reported as one.
 */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

/** A problem with an input file: `file:line: what`. */
export function inputError(file: string, what: string, line?: number): UserError {
  return new UserError(line === undefined ? `${file}: ${what}` : `${file}:${line}: ${what}`);
}
