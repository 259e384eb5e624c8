/** Owns the shape of every API error answer (DESIGN §5). */

/** `{ "error": { "code": "...", "message": "..." } }`, with a fitting 4xx/5xx status. */
export interface ErrorBody {
  error: { code: string; message: string };
}
