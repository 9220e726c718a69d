/**
 * The one error the query module throws for bad input (q, type expressions, attribute lists).
 * The HTTP layer maps it to an NGSI-LD BadRequestData / InvalidRequest ProblemDetails.
 */
export class QuerySyntaxError extends Error {
  /** Zero-based offset in the input where the problem was found, when there is one. */
  readonly position: number | undefined;

  constructor(message: string, position?: number) {
    super(position === undefined ? message : `${message} (at position ${position})`);
    this.name = 'QuerySyntaxError';
    this.position = position;
  }
}
