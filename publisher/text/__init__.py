"""Text below every stage: Chinese line breaking, numbers as their author wrote them and re-expressed only exactly,
heading numbers."""
