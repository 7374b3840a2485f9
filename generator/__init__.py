"""sdkgen: an OpenAPI document in, a typed Python SDK, validators and reference docs out."""

__version__ = "0.1.0"
