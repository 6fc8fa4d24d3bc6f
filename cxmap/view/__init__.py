"""What is shown, without Streamlit: the Plotly figures, the touchpoint matrix as an escaped
HTML table, and every text in English and French.  Imports the layers below; never Streamlit."""
