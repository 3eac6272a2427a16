import * as assert from 'assert/strict';
import { indentSyntaxTree } from '../../../src/engine/syntaxTreeText';

describe('syntax tree text', () => {
  it('puts one node a line, indented by depth', () => {
    assert.equal(
      indentSyntaxTree('(module (expression_statement (call function: (identifier) arguments: (argument_list))))'),
      '(module\n  (expression_statement\n    (call function:\n      (identifier) arguments:\n      (argument_list))))\n',
    );
  });
});
