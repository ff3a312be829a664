"""Small helpers shared by the feature forms."""

from wtforms.fields.choices import SelectChoice


def options(pairs: dict) -> list[SelectChoice]:
    """Select/radio choices from an ordered {value: label} mapping (labels may be lazy)."""
    return [SelectChoice(value=value, label=label) for value, label in pairs.items()]
