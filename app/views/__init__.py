"""The workbench's views, one module each, and what they share (`shared`).

Imported as the top-level package `views`: `streamlit run app/workbench.py` (and
Streamlit's AppTest) put the script's folder, app/, first on sys.path.
"""
