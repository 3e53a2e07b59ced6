import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/**
 * Per field node of a parsed document (yoga caches documents by text, and the answer depends on
 * the document alone: directives are not evaluated): the fields found by name, walked once.
 */
const selectedByNode = new WeakMap<FieldNode, Map<string, FieldNode[]>>();

/** The nodes of the current field's selection that ask for `name` (through fragments too; an alias may ask twice). */
export function selectedFields(info: GraphQLResolveInfo, name: string): FieldNode[] {
  if (info.fieldNodes.length !== 1) return findSelectedFields(info, name);
  const node = info.fieldNodes[0]!;
  let byName = selectedByNode.get(node);
  if (!byName) selectedByNode.set(node, (byName = new Map()));
  let found = byName.get(name);
  if (!found) byName.set(name, (found = findSelectedFields(info, name)));
  return found;
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

/** Whether the current field's selection asks for `name` (through fragments too); lets resolvers skip work nobody asked for. */
export function selectsField(info: GraphQLResolveInfo, name: string): boolean {
  return selectedFields(info, name).length > 0;
}
