"""The writers: the PPTX deck, the A4 report and the deck as PDF pages, each drawing what the plan decided."""
