import SchemaBuilder, { BasePlugin, type PothosOutputFieldConfig, type SchemaTypes } from '@pothos/core';
import {
  Kind,
  defaultFieldResolver,
  getNamedType,
  isAbstractType,
  isObjectType,
  type FieldNode,
  type GraphQLFieldResolver,
  type GraphQLNamedType,
  type GraphQLResolveInfo,
  type SelectionSetNode,
} from 'graphql';

// Fields of drizzle objects answered straight from the row when it already holds their data.
//
// plugin-drizzle (0.20.0) wraps every field that selects from its row (each `expose`, each field
// with a `select`, each relation) to ask @pothos/selection-mapper whether the plan that loaded the
// parent row loaded the field's data, and records what it finds for the fields beneath: a path
// string built per field per row and several map and WeakMap writes, or, when no plan did, a
// reload of the row. That was about a sixth of the GraphQL layer's CPU for the headline query
// (ten articles, their countries and people, all from one planned statement). Answered here:
// - a field that selects only columns and extras, when the row holds every one of them,
//   whichever plan loaded it (or a resolver built it: search's `why` entities carry their names,
//   which plugin-drizzle reloaded in a statement of their own);
// - a relation without arguments, when the row holds it (plugin-drizzle's own "loaded" check)
//   and nothing selected beneath it needs a recorded mapping (only such fields and plain fields
//   below), so there is nothing to record.
// Anything else (selects with relations or computed from arguments, relations with arguments, a row
// missing the data) goes through plugin-drizzle as before. tests/loaded-fields.test.ts pins the
// versions whose wrapper this was checked against.

export const loadedFieldsPluginName = 'loadedFields' as const;

/** The field extension globalIdFromRow sets. */
const globalIdKey = 'loadedFieldsGlobalIdFrom';

/**
 * For a drizzleNode's `id` options (`extensions`): its global ID made from the row's `key`, a
 * number, synchronously. plugin-relay's globalID resolver is async, so every node's `id` was a
 * promise and the executor completed each node, edge and list through promises: 35-60 µs of the
 * headline query's ten articles. The text is plugin-relay's (base64 of `Type:id`); tests pin it.
 */
export function globalIdFromRow(key: string): Record<string, unknown> {
  return { [globalIdKey]: key };
}

type Extensions = Record<string, unknown> | null | undefined;

/**
 * The keys a field reads from its row when its select (plugin-drizzle's field extension) names
 * nothing but columns and extras (SQL expressions drizzle puts on the row under their names),
 * else null.
 */
export function rowKeysOnlySelect(select: unknown): string[] | null {
  if (typeof select !== 'object' || select === null) return null;
  const { columns = {}, extras = {}, ...rest } = select as { columns?: Record<string, boolean>; extras?: Record<string, unknown> };
  if (Object.keys(rest).length) return null;
  const names = [...Object.entries(columns).filter(([, on]) => on).map(([name]) => name), ...Object.keys(extras)];
  return names.length ? names : null;
}

/** Whether plugin-drizzle would look a mapping up for the field: it selects more than columns, or checks what was loaded. */
function needsMapping(extensions: Extensions): boolean {
  const select = extensions?.pothosDrizzleSelect;
  return Boolean(extensions?.pothosDrizzleLoaded) || (Boolean(select) && !rowKeysOnlySelect(select));
}

/**
 * Whether anything selected beneath these field nodes (through fragments, whatever @skip and
 * @include say) would look a mapping up. Abstract types count every possible type's field.
 */
function selectionNeedsMapping(info: GraphQLResolveInfo, type: GraphQLNamedType, set: SelectionSetNode | undefined): boolean {
  if (!set) return false;
  const types = isAbstractType(type) ? info.schema.getPossibleTypes(type) : isObjectType(type) ? [type] : [];
  return set.selections.some((selection) => {
    if (selection.kind === Kind.INLINE_FRAGMENT) {
      const on = selection.typeCondition ? info.schema.getType(selection.typeCondition.name.value) : type;
      return !on || selectionNeedsMapping(info, on, selection.selectionSet);
    }
    if (selection.kind === Kind.FRAGMENT_SPREAD) {
      const fragment = info.fragments[selection.name.value];
      const on = fragment && info.schema.getType(fragment.typeCondition.name.value);
      return !on || selectionNeedsMapping(info, on, fragment.selectionSet);
    }
    return types.some((object) => {
      const field = object.getFields()[selection.name.value];
      return field !== undefined && (needsMapping(field.extensions) || selectionNeedsMapping(info, getNamedType(field.type), selection.selectionSet));
    });
  });
}

/** Per field node of a parsed document (yoga caches documents by text): computed once. */
const plainSelections = new WeakMap<FieldNode, boolean>();

// Runs for every relation of every row: no closure or rest array per call.
function plainSelection(info: GraphQLResolveInfo): boolean {
  const node = info.fieldNodes.length === 1 ? info.fieldNodes[0]! : null;
  if (!node) return computePlainSelection(info);
  let plain = plainSelections.get(node);
  if (plain === undefined) plainSelections.set(node, (plain = computePlainSelection(info)));
  return plain;
}

function computePlainSelection(info: GraphQLResolveInfo): boolean {
  return !info.fieldNodes.some((n) => selectionNeedsMapping(info, getNamedType(info.returnType), n.selectionSet));
}

type Resolver<Types extends SchemaTypes> = GraphQLFieldResolver<unknown, Types['Context'], object>;

export class LoadedFieldsPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override wrapResolve(resolver: Resolver<Types>, fieldConfig: PothosOutputFieldConfig<Types>): Resolver<Types> {
    const idKey = fieldConfig.extensions?.[globalIdKey];
    if (typeof idKey === 'string') {
      const typeName = fieldConfig.parentType;
      return (parent, args, context, info) => {
        const id = (parent as Record<string, unknown>)[idKey];
        // Type names and numbers are ASCII, so btoa encodes the bytes plugin-relay's Buffer would.
        return typeof id === 'number' ? btoa(`${typeName}:${id}`) : resolver(parent, args, context, info);
      };
    }
    if (fieldConfig.kind !== 'DrizzleObject') return resolver;
    const extensions = fieldConfig.extensions ?? {};
    // This plugin sits just outside plugin-drizzle, so `resolver` is its wrapper around `resolve`.
    const resolve = (fieldConfig.resolve ?? defaultFieldResolver) as Resolver<Types>;
    const loaded = extensions.pothosDrizzleLoaded as ((row: unknown, info: GraphQLResolveInfo, context: unknown) => boolean) | undefined;
    const columns = loaded ? null : rowKeysOnlySelect(extensions.pothosDrizzleSelect);
    if (columns) {
      return (parent, args, context, info) => {
        const row = parent as Record<string, unknown> | null;
        if (typeof row === 'object' && row !== null && columns.every((name) => row[name] !== undefined)) return resolve(parent, args, context, info);
        return resolver(parent, args, context, info);
      };
    }
    // A relation (plugin-drizzle gives it a loaded check) whose query cannot vary with arguments.
    if (loaded && typeof extensions.pothosDrizzleSelect === 'function' && !Object.keys(fieldConfig.args).length) {
      return (parent, args, context, info) => {
        if (typeof parent === 'object' && parent !== null && loaded(parent, info, context) && plainSelection(info)) return resolve(parent, args, context, info);
        return resolver(parent, args, context, info);
      };
    }
    return resolver;
  }
}

SchemaBuilder.registerPlugin(loadedFieldsPluginName, LoadedFieldsPlugin);

declare global {
  export namespace PothosSchemaTypes {
    interface Plugins<Types extends SchemaTypes> {
      loadedFields: LoadedFieldsPlugin<Types>;
    }
  }
}
