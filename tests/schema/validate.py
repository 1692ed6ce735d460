"""Checks YAML files against safeguard's JSON Schemas, as an editor's YAML extension would.

    python3 tests/schema/validate.py SCHEMA_DIR FILE...

`site.yaml` is checked against site.schema.json, any other .yaml or .yml file against
content.schema.json, and the front matter of a .md file against front-matter.schema.json.
Prints one line per problem (FILE: where: what) and exits 1 if there was any, 3 if
the jsonschema package is missing.
"""

import json
import os
import sys

try:
    import jsonschema
    import yaml
except ImportError as e:
    print(f"cannot check the schemas: {e}. Install it with: pip install jsonschema pyyaml", file=sys.stderr)
    sys.exit(3)


class Yaml12Loader(yaml.SafeLoader):
    """YAML as editors read it (1.2): dates stay text, and only true/false are booleans."""


Yaml12Loader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
for first in "tTfF":
    Yaml12Loader.yaml_implicit_resolvers.setdefault(first, []).append(
        ("tag:yaml.org,2002:bool", __import__("re").compile(r"^(?:true|True|TRUE|false|False|FALSE)$"))
    )


def front_matter(text):
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return None
    for i, line in enumerate(lines[1:], start=1):
        if line.strip() in ("---", "..."):
            return "\n".join(lines[1:i])
    return None


def main():
    schema_dir, files = sys.argv[1], sys.argv[2:]
    validators = {}
    for name in ("site", "content", "front-matter"):
        with open(os.path.join(schema_dir, f"{name}.schema.json")) as f:
            schema = json.load(f)
        jsonschema.Draft202012Validator.check_schema(schema)
        validators[name] = jsonschema.Draft202012Validator(schema)
    problems = 0
    for path in files:
        with open(path, encoding="utf-8-sig") as f:
            text = f.read()
        if path.endswith(".md"):
            text, which = front_matter(text), "front-matter"
            if text is None:
                continue
        elif os.path.basename(path) == "site.yaml":
            which = "site"
        else:
            which = "content"
        doc = yaml.load(text, Loader=Yaml12Loader)
        if doc is None:
            doc = {}
        for error in sorted(validators[which].iter_errors(doc), key=lambda e: list(e.absolute_path)):
            where = "/".join(str(p) for p in error.absolute_path) or "(top)"
            print(f"{path}: {where}: {error.message}")
            problems += 1
    print(f"checked {len(files)} files: {problems} problems")
    sys.exit(1 if problems else 0)


main()
