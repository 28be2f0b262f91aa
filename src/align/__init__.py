"""align: a translation-alignment and text-correction workbench.

The library holds all logic; the CLI (`python -m align`) and the Streamlit app (`app/`)
are two thin faces over the same functions.
"""

__version__ = "0.1.0"
