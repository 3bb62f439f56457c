/**
 * What ModelArts accepts in CreateHyperCluster (seed 002). One definition: the provider checks a spec with it before
 * any call, and the simulator refuses with it as the cloud does. No imports, so the simulator can share it.
 */

/** CreateHyperCluster's `name` pattern. */
export const NAME_PATTERN = /^[-_.a-zA-Z0-9]{1,64}$/;
/** CreateHyperCluster's `hyper_cluster_subnet_id` pattern: a lower-case UUID. */
export const SUBNET_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** A field of a create spec the cloud would refuse, and why (without the field's name). */
export interface CreateRuleProblem {
  field: 'name' | 'subnetId';
  message: string;
}

/** Every rule the spec breaks, in the order of its fields. */
export function huaweiCreateProblems(spec: { name: string; subnetId: string | null }): CreateRuleProblem[] {
  const problems: CreateRuleProblem[] = [];
  if (!NAME_PATTERN.test(spec.name)) {
    problems.push({ field: 'name', message: 'must be 1 to 64 letters, digits, "-", "_" or "." (^[-_.a-zA-Z0-9]{1,64}$).' });
  }
  if (spec.subnetId !== null && !SUBNET_PATTERN.test(spec.subnetId)) {
    problems.push({ field: 'subnetId', message: 'must be a lower-case UUID such as 47be1c96-b00c-4cc9-83cb-089893a632b6.' });
  }
  return problems;
}
