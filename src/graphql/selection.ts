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

/** Per field node of a parsed document: whether a field of each name is selected anywhere beneath it, walked once. */
const beneathByNode = new WeakMap<FieldNode, Map<string, boolean>>();

/**
 * Whether a field named `name` is selected anywhere beneath the current field, at any depth, through
 * fragments, whatever @skip and @include say: work only such a field reads can be left out.
 */
export function selectsFieldBeneath(info: GraphQLResolveInfo, name: string): boolean {
  if (info.fieldNodes.length !== 1) return findFieldBeneath(info, name);
  const node = info.fieldNodes[0]!;
  let byName = beneathByNode.get(node);
  if (!byName) beneathByNode.set(node, (byName = new Map()));
  let found = byName.get(name);
  if (found === undefined) byName.set(name, (found = findFieldBeneath(info, name)));
  return found;
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
