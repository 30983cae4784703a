export { parseSelector, type Selector } from './parser.js';
export { SelectorParseError } from './selector-parse-error.js';
export { evaluateNode, formatNode, type Labels, type SelectorNode } from './ast.js';
