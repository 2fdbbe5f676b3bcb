/**
 * A command that cannot do its work: printed as one `baesong: <message>` line, no stack trace.
 * Exit codes: 1 when the work failed (`seed`), 2 when the command could not even begin
 * (bad options or input), as for usage errors.
 */
export class CliError extends Error {
  override name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: number = USAGE_EXIT_CODE,
  ) {
    super(message);
  }
}

export const USAGE_EXIT_CODE = 2;
