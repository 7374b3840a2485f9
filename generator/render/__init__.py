"""The rendering core every target shares: the `Target` it reads and how a file is rendered
(`files`), the Jinja environment, code layout, literals and escaping, Python annotations
(`pytypes`), the generated-file header, and the worker pool (`parallel`). It imports no
target (`generator.targets`), and nothing here writes to disk or decides names."""
