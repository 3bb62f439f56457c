/** Which sub-fields a query asks of the current field, through fragments too. */
import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
import type { NodeNeeds } from '../providers/provider.js';

export function selectedFields(info: GraphQLResolveInfo): Set<string> {
  const names = new Set<string>();
  const visit = (set: SelectionSetNode | undefined) => {
    for (const selection of set?.selections ?? []) {
      if (selection.kind === Kind.FIELD) names.add(selection.name.value);
      else if (selection.kind === Kind.INLINE_FRAGMENT) visit(selection.selectionSet);
      else visit(info.fragments[selection.name.value]?.selectionSet);
    }
  };
  for (const node of info.fieldNodes) visit(node.selectionSet);
  return names;
}

export function selectsAny(info: GraphQLResolveInfo, fields: readonly string[]): boolean {
  const selected = selectedFields(info);
  return fields.some((field) => selected.has(field));
}

/** What the selection of a `[Node]` field needs of the nodes, in the providers' terms (they never see field names). */
export function nodeNeeds(info: GraphQLResolveInfo): NodeNeeds {
  const selected = selectedFields(info);
  return { disks: selected.has('disks'), userData: selected.has('userData') };
}
