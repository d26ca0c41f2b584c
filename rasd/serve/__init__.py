"""`rasd serve`: the analyst's desk, a REST API and an Arabic (RTL) web app over a store.
Needs the `serve` extra (FastAPI, Jinja2, uvicorn): `pip install 'rasd[serve]'`."""
