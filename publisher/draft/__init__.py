"""publisher draft: a first outline from a report in .txt, .md, .docx or .html."""
