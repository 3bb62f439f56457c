/** The executable schema: the SDL of schema/*.graphql, the resolvers typed from it, and its scope directives. */
import { readdirSync, readFileSync } from 'node:fs';
import { createSchema } from 'graphql-yoga';
import { withScopeDirectives } from './auth/authorize.js';
import type { GatewayContext } from './context.js';
import { resolvers } from './resolvers/index.js';

const schemaDir = new URL('../schema/', import.meta.url);

export function loadTypeDefs(): string[] {
  return readdirSync(schemaDir)
    .filter((file) => file.endsWith('.graphql'))
    .sort()
    .map((file) => readFileSync(new URL(file, schemaDir), 'utf8'));
}

export function buildSchema() {
  return withScopeDirectives(createSchema<GatewayContext>({ typeDefs: loadTypeDefs(), resolvers }));
}
