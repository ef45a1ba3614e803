"""The Streamlit edge of ZPD Assess: session state, caching, language and shared drawing.

Everything here may import streamlit; nothing in ``zpd_assess`` does.
"""
