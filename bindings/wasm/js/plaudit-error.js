// The error every Plaudit call throws for bad input (never for a decision: decisions are
// data). A real Error subclass, re-exported by the package, so `instanceof PlauditError`
// and `instanceof Error` both hold and stack traces work.
export class PlauditError extends Error {
  /**
   * @param {string} message every problem, one per line
   * @param {string} code the first problem's code
   * @param {string} path the first problem's path ('' for the whole input)
   * @param {Array<{path: string, code: string, message: string, line?: number, column?: number}>} errors
   */
  constructor(message, code, path, errors) {
    super(message);
    this.name = 'PlauditError';
    this.code = code;
    this.path = path;
    this.errors = errors;
  }
}
