/**
 * `.meta(example(value))` gives a request body an example in the OpenAPI document. zod drops the standard
 * `examples` keyword from input schemas that transform values (phones, dates), so the example goes to
 * `x-examples`, which @fastify/swagger turns into the media type's `examples`.
 */
export const example = (value: Record<string, unknown>, summary = "Example") => ({
  "x-examples": { example: { summary, value } },
});
