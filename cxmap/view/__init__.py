"""What is shown, without Streamlit: the figures (Plotly, Altair) and every text in English and
French.  Imports the layers below; never Streamlit."""
