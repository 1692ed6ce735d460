"""Checks documents against safeguard's JSON Schemas, as an editor's YAML extension would.

    python3 tests/schema/validate.py SCHEMA_DIR DOCUMENTS.json

DOCUMENTS.json is a list of {"path", "schema", "doc"}: each document (a YAML file, or
a page's front matter, already read into JSON by the test) with the name of the schema
it is checked against (site, content or front-matter). Prints one line per problem
(PATH: where: what) and exits 1 if there was any, 3 if jsonschema is missing.
"""

import json
import os
import sys

try:
    import jsonschema
except ImportError as e:
    print(f"cannot check the schemas: {e}. Install it with: pip install jsonschema", file=sys.stderr)
    sys.exit(3)


def main():
    schema_dir, documents = sys.argv[1], sys.argv[2]
    validators = {}
    with open(documents) as f:
        docs = json.load(f)
    problems = 0
    for entry in docs:
        name = entry["schema"]
        if name not in validators:
            with open(os.path.join(schema_dir, f"{name}.schema.json")) as f:
                schema = json.load(f)
            jsonschema.Draft202012Validator.check_schema(schema)
            validators[name] = jsonschema.Draft202012Validator(schema)
        errors = validators[name].iter_errors(entry["doc"])
        for error in sorted(errors, key=lambda e: [str(p) for p in e.absolute_path]):
            where = "/".join(str(p) for p in error.absolute_path) or "(top)"
            print(f"{entry['path']}: {where}: {error.message}")
            problems += 1
    print(f"checked {len(docs)} documents: {problems} problems")
    sys.exit(1 if problems else 0)


main()
