// Writes schema/schema.graphql, the SDL partners code against; a test fails when it drifts.
import { writeFileSync } from 'node:fs';
import { printSchema } from 'graphql';
import { schema } from '../src/graphql/schema.ts';

const path = new URL('../schema/schema.graphql', import.meta.url);
writeFileSync(path, `${printSchema(schema)}\n`);
console.log(`Wrote ${path.pathname}`);
