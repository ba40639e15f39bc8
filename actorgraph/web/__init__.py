"""The offline web workbench (``actorgraph serve``): FastAPI app, accounts, templates, vendored assets."""
