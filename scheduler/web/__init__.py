"""The feed and the page over HTTP: a Starlette application, served by uvicorn, read-only."""
