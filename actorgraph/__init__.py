"""actorgraph: a sourced, queryable picture of armed groups from open-source reporting."""

__version__ = "0.1.0"
