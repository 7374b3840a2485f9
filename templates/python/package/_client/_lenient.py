"""The lenient mode's reading of a body that does not match its schema.

Each value is validated on its own, first as the schema says, then in pydantic's lax mode
(`"5"` for 5); a model whose fields still do not match is built without validation
(`model_construct`: its fields hold what came, nested objects as dicts), and any other
value is kept as it came. What matches is still parsed, so one odd item does not spoil a
whole list.
"""

from __future__ import annotations

import types
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, TypeAdapter, ValidationError

_KEEP_UNKNOWN: dict[str, str] = {"unknown": "keep"}


def best_effort(annotation: Any, data: Any) -> Any:
    for strict in (True, False):
        try:
            adapter: TypeAdapter[Any] = TypeAdapter(annotation)
            return adapter.validate_python(data, strict=strict, context=_KEEP_UNKNOWN)
        except ValidationError:
            continue
        except Exception:  # an annotation pydantic cannot build on its own
            break
    return _construct(annotation, data)


def _construct(annotation: Any, data: Any) -> Any:
    origin, arguments = get_origin(annotation), get_args(annotation)
    if origin is Annotated:
        return _annotated(arguments, data)
    if origin is list and isinstance(data, list):
        return [best_effort(arguments[0], item) for item in data]
    if origin is dict and isinstance(data, dict):
        return {key: best_effort(arguments[1], item) for key, item in data.items()}
    if origin in (Union, types.UnionType):
        models = [
            a for a in arguments if isinstance(a, type) and issubclass(a, BaseModel)
        ]
        if len(models) == 1 and isinstance(data, dict):
            return models[0].model_construct(**data)
        return data
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if isinstance(data, dict):
            return annotation.model_construct(**data)
    return data


def _annotated(arguments: tuple[Any, ...], data: Any) -> Any:
    """A tagged union (`_sdk.Tagged`) picks its member by the tag; anything else is read as
    its underlying type."""
    inner, *metadata = arguments
    for item in metadata:
        tags = getattr(item, "tags", None)
        prop = getattr(item, "prop", None)
        if isinstance(tags, dict) and isinstance(data, dict) and prop in data:
            name = tags.get(data[prop])
            for member in get_args(inner):
                if getattr(member, "__name__", None) == name:
                    return best_effort(member, data)
    return _construct(inner, data)
