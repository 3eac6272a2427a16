/**
 * Edits at and across the boundaries of Python's top-level regions (pythonRegions.ts), shared by the tests of where
 * regions start after an edit and of the region trees kept in step with it: each names what makes it hard (a
 * region split or joined, a bracket or string left open over later definitions, a clause that belongs to the
 * statement before, CRLF, a byte order mark).
 */
export interface RegionEdit {
  name: string;
  /** The text edited (default: `regionEditBase`). */
  text?: string;
  /** The last occurrence of `find` is replaced by `replace`. */
  find: string;
  replace: string;
}

export const regionEditBase = 'import asyncio\n\n@dec\nasync def f(ids):\n    return await asyncio.gather(*[\n        g(i) for i in ids\n    ])\n\nx = 1\n\ndef g(i):\n    """doc"""\n    return i\n\nif x:\n    pass\nelse:\n    pass\n\ndef h():\n    pass\n';

export const regionEdits: readonly RegionEdit[] = [
  { name: 'a letter at the start of a def line', find: 'def g', replace: 'xdef g' },
  { name: 'an opened bracket spanning later defs', find: 'x = 1', replace: 'x = (1' },
  { name: 'an opened triple-quoted string spanning later defs', find: 'x = 1', replace: 'x = """1' },
  { name: 'a closed bracket that ends the span', text: 'x = (1\ndef g():\n    pass\n', find: '(1', replace: '(1)' },
  { name: 'a deleted line break that joins two statements', find: 'x = 1\n\n', replace: 'x = 1' },
  { name: 'a def indented into the function before', find: '\ndef g', replace: '\n    def g' },
  { name: 'an indentation taken away', text: 'def f():\n    pass\n    def g():\n        pass\n', find: '    def g', replace: 'def g' },
  { name: 'a decorator line typed above a def', find: 'x = 1\n\n', replace: 'x = 1\n\n@cached\n' },
  { name: 'a decorator removed', find: '@dec\n', replace: '' },
  { name: 'an else typed at the start of a line', find: 'x = 1', replace: 'else: x = 1' },
  { name: 'an else becoming a name', find: 'else:', replace: 'elsewhere:' },
  { name: 'a backslash at a line end', find: 'x = 1\n', replace: 'x = 1 \\\n' },
  { name: 'lines added inside a function', find: '    return i\n', replace: '    a = 1\n    b = 2\n    return i\n' },
  { name: 'a CRLF file', text: 'x = 1\r\n\r\ndef g():\r\n    pass\r\ny = 2\r\n', find: 'def g', replace: 'xdef g' },
  { name: 'a byte order mark file', text: '\ufeffimport os\ndef g():\n    pass\nz = 1\n', find: 'import os\n', replace: 'import os\n@d\n' },
  { name: 'a syntax error in the middle', find: '    return i', replace: '    return (i' },
  { name: 'the whole text replaced', find: regionEditBase, replace: 'y = 2\n' },
  { name: 'text typed at the end', find: '    pass\n', replace: '    pass\nz = 3\n' },
  { name: 'text typed at the start', find: 'import asyncio', replace: 'import os\nimport asyncio' },
];
