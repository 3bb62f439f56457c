/** Every public part of the schema explains itself in GraphiQL's docs: types, fields, arguments and enum values. */
import {
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isSpecifiedScalarType,
  type GraphQLSchema,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildSchema } from '../../src/schema.js';

/** `Type`, `Type.field`, `Type.field(arg)` and `Enum.VALUE` of every part without a description. */
function undescribed(schema: GraphQLSchema): string[] {
  const missing: string[] = [];
  const check = (path: string, description: string | null | undefined) => {
    if (!description?.trim()) missing.push(path);
  };
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__') || isSpecifiedScalarType(type)) continue;
    check(type.name, type.description);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        check(`${type.name}.${field.name}`, field.description);
        for (const arg of field.args) check(`${type.name}.${field.name}(${arg.name})`, arg.description);
      }
    }
    if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) check(`${type.name}.${field.name}`, field.description);
    }
    if (isEnumType(type)) {
      for (const value of type.getValues()) check(`${type.name}.${value.name}`, value.description);
    }
  }
  return missing;
}

describe('schema descriptions', () => {
  const schema = buildSchema();

  it('describe every type, field, argument and enum value', () => {
    expect(undescribed(schema)).toEqual([]);
  });

  it('give the unit of a size and the field each cloud calls it', () => {
    const disk = schema.getType('Disk');
    if (!isObjectType(disk)) throw new Error('Disk is not an object type');
    expect(disk.getFields().sizeGiB?.description).toMatch(/GiB.*Alibaba `Size`.*Huawei `size`/);
  });
});
