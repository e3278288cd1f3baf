"""The outline: YAML read with the position of every node, validated into the typed model, checked against the limits
in force."""
