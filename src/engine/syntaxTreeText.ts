/** Renders a tree-sitter S-expression for people. */

/** One node a line, indented by depth: the S-expression on one line is unreadable for any real file. */
export function indentSyntaxTree(sExpression: string): string {
  let depth = 0;
  let out = '';
  for (let i = 0; i < sExpression.length; i++) {
    const char = sExpression[i];
    if (char === '(') {
      if (i > 0) out = out.trimEnd() + '\n' + '  '.repeat(depth);
      depth++;
      out += char;
    } else if (char === ')') {
      depth--;
      out += char;
    } else out += char;
  }
  return out + '\n';
}
