import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/**
 * What `find` answers for the current field and a name, kept per field node of a parsed document
 * (yoga caches documents by text, and the answers depend on the document alone: directives are not
 * evaluated), so each selection is walked once.
 */
function perFieldNode<T>(cache: WeakMap<FieldNode, Map<string, T>>, info: GraphQLResolveInfo, name: string, find: (info: GraphQLResolveInfo, name: string) => T): T {
  if (info.fieldNodes.length !== 1) return find(info, name);
  const node = info.fieldNodes[0]!;
  let byName = cache.get(node);
  if (!byName) cache.set(node, (byName = new Map()));
  let found = byName.get(name);
  if (found === undefined) byName.set(name, (found = find(info, name)));
  return found;
}

const selectedByNode = new WeakMap<FieldNode, Map<string, FieldNode[]>>();

/** The nodes of the current field's selection that ask for `name` (through fragments too; an alias may ask twice). */
export function selectedFields(info: GraphQLResolveInfo, name: string): FieldNode[] {
  return perFieldNode(selectedByNode, info, name, findSelectedFields);
}

function findSelectedFields(info: GraphQLResolveInfo, name: string): FieldNode[] {
  const visit = (set: SelectionSetNode | undefined): FieldNode[] =>
    (set?.selections ?? []).flatMap((selection) => {
      if (selection.kind === Kind.FIELD) return selection.name.value === name ? [selection] : [];
      if (selection.kind === Kind.INLINE_FRAGMENT) return visit(selection.selectionSet);
      return visit(info.fragments[selection.name.value]?.selectionSet);
    });
  return info.fieldNodes.flatMap((node) => visit(node.selectionSet));
}

const beneathByNode = new WeakMap<FieldNode, Map<string, boolean>>();

/**
 * Whether a field named `name` is selected anywhere beneath the current field, at any depth, through
 * fragments, whatever @skip and @include say: work only such a field reads can be left out.
 */
export function selectsFieldBeneath(info: GraphQLResolveInfo, name: string): boolean {
  return perFieldNode(beneathByNode, info, name, findFieldBeneath);
}

function findFieldBeneath(info: GraphQLResolveInfo, name: string): boolean {
  // A fragment spread again is walked once: it did not contain the field, or the walk would have stopped.
  const walked = new Set<string>();
  const visit = (set: SelectionSetNode | undefined): boolean =>
    (set?.selections ?? []).some((selection) => {
      if (selection.kind === Kind.FIELD) return selection.name.value === name || visit(selection.selectionSet);
      if (selection.kind === Kind.INLINE_FRAGMENT) return visit(selection.selectionSet);
      if (walked.has(selection.name.value)) return false;
      walked.add(selection.name.value);
      return visit(info.fragments[selection.name.value]?.selectionSet);
    });
  return info.fieldNodes.some((node) => visit(node.selectionSet));
}

/** Whether the current field's selection asks for `name` (through fragments too); lets resolvers skip work nobody asked for. */
export function selectsField(info: GraphQLResolveInfo, name: string): boolean {
  return selectedFields(info, name).length > 0;
}
