/**
 * Where a YAML flow collection (`{ … }` or `[ … ]`) was opened and never closed. The YAML parser
 * notices the missing `}` only on the next line; the reader needs the line with the `{`.
 */

/**
 * The offset of the last `{` or `[` before `end` that is not closed before it, skipping quoted
 * text and comments; undefined when every one is closed.
 *
 * @example unclosedFlowStart('a: { b: 1\nc: 2\n', 12) → 3
 */
export function unclosedFlowStart(text: string, end: number): number | undefined {
  const open: number[] = [];
  let quote: string | undefined;
  for (let i = 0; i < end && i < text.length; i++) {
    const c = text[i];
    if (quote !== undefined) {
      if (c === quote && !(quote === '"' && text[i - 1] === '\\')) quote = undefined;
      else if (c === '\n') quote = undefined; // a quote left open ends with its line here
      continue;
    }
    if (c === '#' && (i === 0 || /\s/.test(text[i - 1] ?? ''))) {
      const newline = text.indexOf('\n', i);
      i = newline < 0 ? text.length : newline;
    } else if ((c === '"' || c === "'") && (open.length > 0 || /[\s:,[{-]/.test(text[i - 1] ?? ' ')))
      quote = c;
    else if (c === '{' || c === '[') open.push(i);
    else if ((c === '}' || c === ']') && open.length > 0) open.pop();
  }
  return open.at(-1);
}
