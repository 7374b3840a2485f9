"""The targets: each turns the frozen IR into one part of the output.

`models` (pydantic models), `webhooks` (parse functions for webhook payloads), `client` (the
httpx client), `validators` (standalone validators), `docs` (the reference site) and `project`
(`pyproject.toml`, README, the package `__init__`). Each owns its views and reads only the IR
and the shared rendering core (`generator.render`); `orchestrate` runs them.
"""
