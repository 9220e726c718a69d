// Public face of the NGSI-LD query module: q (§4.9), type expressions (§4.17), projections.
export { QuerySyntaxError } from './errors.ts';
export type { QAttrPath, QCompareOp, QExpr, QStringKind, QTerm, QValue } from './q-ast.ts';
export { parseQ, qAttributeNames } from './q-parser.ts';
export { formatQ } from './q-format.ts';
export type { CompiledQ } from './q-jsonpath.ts';
export { compileQToJsonPath } from './q-jsonpath.ts';
export { evaluateQ } from './q-eval.ts';
export type { TypeExpr } from './type-expr.ts';
export { compileTypeExprToSql, matchTypes, parseTypeExpr, typeExprNames } from './type-expr.ts';
export { parseAttrList } from './attrs.ts';
