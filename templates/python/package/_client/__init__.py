"""The API client: `_core` (light: configuration, resources), `_http`, `_encode`,
`_response`, `_pagination` (loaded at the first request), one module per resource."""
