import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/** The nodes of the current field's selection that ask for `name` (through fragments too; an alias may ask twice). */
export function selectedFields(info: GraphQLResolveInfo, name: string): FieldNode[] {
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
