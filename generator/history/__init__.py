"""What each regeneration changed: the IR snapshot kept in the output folder, the package
version it implies, and the changelog built from `generator.diff` reports.

    codec      frozen IR <-> a deterministic JSON text, one schema or operation per line
    changelog  CHANGELOG.md: read back, prepend an entry, list the entries (for the docs)
    release    the version policy, and `prepare`: the old snapshot, the diff, the new files
"""
