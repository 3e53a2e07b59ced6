import SchemaBuilder, { BasePlugin, type PothosOutputFieldConfig, type SchemaTypes } from '@pothos/core';
import { defaultFieldResolver, type GraphQLFieldResolver } from 'graphql';

// Column fields of drizzle objects answered straight from the row when it carries the columns.
//
// plugin-drizzle (0.20.0) wraps every field that selects from its row (each `expose`, each field
// with a `select`) to ask @pothos/selection-mapper whether the plan that loaded the parent row
// loaded the field's data: a path string built per field per row, several map and WeakMap writes,
// and when no plan did, a reload of the row. For a field that selects only columns, a row that
// already holds every one of them has the answer, whichever plan loaded it; asking costs about a
// tenth of the GraphQL layer's CPU for the headline query (ten articles, their countries and
// people, all from one planned statement). Such fields resolve from the row here; anything else
// (relations, extras, selects computed from arguments, a row missing a column) goes through
// plugin-drizzle as before. tests/loaded-columns.test.ts checks the wrapper this relies on.

export const loadedColumnsPluginName = 'loadedColumns' as const;

/** The columns a field selects when that is all it selects (plugin-drizzle's field extension), else null. */
export function columnsOnlySelect(select: unknown): string[] | null {
  if (typeof select !== 'object' || select === null) return null;
  const { columns, ...rest } = select as { columns?: Record<string, boolean> };
  if (Object.keys(rest).length || !columns) return null;
  const names = Object.entries(columns).filter(([, on]) => on).map(([name]) => name);
  return names.length ? names : null;
}

export class LoadedColumnsPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override wrapResolve(
    resolver: GraphQLFieldResolver<unknown, Types['Context'], object>,
    fieldConfig: PothosOutputFieldConfig<Types>,
  ): GraphQLFieldResolver<unknown, Types['Context'], object> {
    const extensions = fieldConfig.extensions ?? {};
    // A field that says how to tell its data is loaded must be asked: plugin-drizzle does.
    if (fieldConfig.kind !== 'DrizzleObject' || extensions.pothosDrizzleLoaded) return resolver;
    const columns = columnsOnlySelect(extensions.pothosDrizzleSelect);
    if (!columns) return resolver;
    // This plugin sits just outside plugin-drizzle, so `resolver` is its wrapper around this.
    const resolve = (fieldConfig.resolve ?? defaultFieldResolver) as GraphQLFieldResolver<unknown, Types['Context'], object>;
    return (parent, args, context, info) => {
      const row = parent as Record<string, unknown> | null;
      if (typeof row === 'object' && row !== null && columns.every((name) => row[name] !== undefined)) {
        return resolve(parent, args, context, info);
      }
      return resolver(parent, args, context, info);
    };
  }
}

SchemaBuilder.registerPlugin(loadedColumnsPluginName, LoadedColumnsPlugin);

declare global {
  export namespace PothosSchemaTypes {
    interface Plugins<Types extends SchemaTypes> {
      loadedColumns: LoadedColumnsPlugin<Types>;
    }
  }
}
