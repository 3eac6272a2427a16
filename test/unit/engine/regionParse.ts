/**
 * Region parses written out, shared by the tests of the languages' region scanners: the top-level nodes of each
 * region parsed alone, to compare with the whole file's parse.
 */
import type { Node, Parser } from 'web-tree-sitter';
import { RegionScanner, regionStarts } from '../../../src/engine/regions';
import { syntaxTreeText } from '../../../src/engine/syntaxTreeText';

/** The top-level nodes of `text`, each region `scanner` finds parsed alone (at its place in the file), written out. */
export function regionParse(parser: Parser, scanner: RegionScanner, text: string): string {
  const starts = regionStarts(scanner, text);
  const written: string[] = [];
  for (let i = 0; i < starts.length; i++) {
    const startIndex = starts[i];
    const endIndex = i + 1 < starts.length ? starts[i + 1] : text.length;
    const range = { startIndex, endIndex, startPosition: pointAt(text, startIndex), endPosition: pointAt(text, endIndex) };
    const tree = parser.parse(text, null, { includedRanges: [range] })!;
    written.push(nodesWritten(tree.rootNode.children));
    tree.delete();
  }
  return written.filter(part => part !== '').join('\n');
}

/** Nodes written out with their offsets and their syntax trees. */
export function nodesWritten(nodes: (Node | null)[]): string {
  return nodes.filter((node): node is Node => node !== null).map(node => `${node.startIndex}-${node.endIndex} ${syntaxTreeText(node)}`).join('\n');
}

function pointAt(text: string, offset: number): { row: number; column: number } {
  const before = text.slice(0, offset);
  return { row: before.split('\n').length - 1, column: offset - (before.lastIndexOf('\n') + 1) };
}
