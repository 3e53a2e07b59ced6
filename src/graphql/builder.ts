import SchemaBuilder from '@pothos/core';
import ComplexityPlugin from '@pothos/plugin-complexity';
import DrizzlePlugin from '@pothos/plugin-drizzle';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { getTableConfig } from 'drizzle-orm/sqlite-core';
import { GraphQLError, getNullableType, isListType } from 'graphql';
import type { ApiKeyScope } from '../auth/api-keys.ts';
import { relations } from '../db/relations.ts';
import { scopeLoaders } from './auth.ts';
import { complexityLimit } from './complexity.ts';
import type { Context } from './context.ts';
import { inputLimits } from './input-limits.ts';
import { loadedFieldsPluginName } from './loaded-fields.ts';
import { resolveNode, resolveNodeList } from './node-lookup.ts';

export interface PothosTypes {
  Context: Context;
  DrizzleRelations: typeof relations;
  Scalars: {
    DateTime: { Input: string; Output: string };
  };
  /** Every API key scope (src/auth/api-keys.ts), usable as `authScopes: { <scope>: true }` on a field. */
  AuthScopes: Record<ApiKeyScope, boolean>;
}

/** The most work one request may ask for; see the complexity option below. */
export const maxQueryComplexity = 50_000;

export const builder = new SchemaBuilder<PothosTypes>({
  // Scope checks first, so a field's scopes are checked before anything else it does; loadedFields
  // just outside drizzle, whose per-row wrapper it skips where the row holds the data (loaded-fields.ts).
  plugins: [ScopeAuthPlugin, ComplexityPlugin, RelayPlugin, loadedFieldsPluginName, DrizzlePlugin],
  scopeAuth: { authScopes: scopeLoaders },
  // The one cost limit: each field costs 1 and its selections count once per item it can return
  // (`first` for pages, 10 for other lists), so nested pages multiply. Checked before any resolver runs.
  complexity: {
    fieldComplexity: (args, _ctx, field) => {
      const first = typeof args.first === 'number' ? args.first : null;
      // A connection's `first` already counts its edges.
      const list = isListType(getNullableType(field.type)) && field.name !== 'edges';
      return { field: 1, multiplier: first ?? (list ? 10 : 1) };
    },
    // Walked once per operation text and variables: a passed operation is not walked again.
    limit: complexityLimit({ complexity: maxQueryComplexity, depth: 20, breadth: 500 }),
    complexityError: (kind, result) => {
      const measure = kind.toLowerCase() as 'complexity' | 'depth' | 'breadth';
      const limit = { complexity: result.maxComplexity, depth: result.maxDepth, breadth: result.maxBreadth }[measure];
      return new GraphQLError(
        `Query ${measure} ${result[measure]} exceeds the limit of ${limit}: request fewer items per page or fewer nested lists.`,
        { extensions: { code: 'QUERY_TOO_COMPLEX', limit } },
      );
    },
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    idFieldOptions: { description: 'Global ID: pass it to `node(id:)` or wherever a reference is accepted.' },
    nodeTypeOptions: { description: 'An object with a global ID that `node(id:)` can refetch.' },
    nodeQueryOptions: {
      description: 'Refetches any object by its global ID; null when no such object exists.',
      resolve: (_root, { id }, ctx, _info, load) => resolveNode(ctx, id, load),
    },
    nodesQueryOptions: {
      description: `Refetches several objects (at most ${inputLimits.maxNodeIds}) by their global IDs; null for each that does not exist.`,
      resolve: (_root, { ids }, ctx, _info, load) => resolveNodeList(ctx, ids, () => load(ids)),
    },
    pageInfoTypeOptions: { description: 'Where a page sits in its list, with cursors to continue from.' },
    hasNextPageFieldOptions: { description: 'Whether more items follow this page.' },
    hasPreviousPageFieldOptions: { description: 'Whether items precede this page.' },
    startCursorFieldOptions: { description: 'The cursor of the first item on this page.' },
    endCursorFieldOptions: { description: 'The cursor of the last item on this page: pass it as `after` for the next page.' },
    defaultConnectionTypeOptions: { description: 'A page of a list, with cursors for the next one.' },
    defaultEdgeTypeOptions: { description: 'An item in a list, with its cursor.' },
    edgesFieldOptions: { description: 'The items of this page.' },
    pageInfoFieldOptions: { description: 'Cursors and whether more items follow.' },
    nodeFieldOptions: { description: 'The item.' },
    cursorFieldOptions: { description: 'Pass as `after` to continue after this item.' },
  },
  drizzle: {
    client: (ctx) => ctx.db,
    getTableConfig,
    relations,
    defaultConnectionSize: 10,
    maxConnectionSize: 100,
  },
});
