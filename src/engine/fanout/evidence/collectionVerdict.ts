/** The verdict of a language's collection reader: data read at run time (and from where), or small by design. */
import type { Node } from 'web-tree-sitter';
import { CollectionSource } from './types';

export type CollectionVerdict = { kind: 'data'; source: CollectionSource } | { kind: 'small'; reason: string };

export function data(node: Node, description: string): CollectionVerdict {
  return { kind: 'data', source: { node, description } };
}

export function small(reason: string): CollectionVerdict {
  return { kind: 'small', reason };
}
