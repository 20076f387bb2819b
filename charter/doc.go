// Package charter loads a charter directory — charter.yaml plus
// laws/**/*.yaml — into the root package's types, checks it and compiles
// its conditions.
//
// Loading never stops at the first problem: every error is collected as a
// jirga.Diagnostic with its file:line:col and, where one helps, a hint such
// as the nearest valid id. Conditions are CEL expressions type-checked at
// load time against the charter's person, context and territory schemas.
package charter
