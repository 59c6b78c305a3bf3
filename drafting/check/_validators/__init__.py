"""fastjsonschema code generated from schemas/ (see tools/build_validators.py)."""

from typing import Any


class Invalid(ValueError):
    """Raised by a generated validator: the document does not match its schema."""


class JsonSchemaValueException(Invalid):
    """The generated code's error for one value (fastjsonschema's constructor)."""

    def __init__(
        self,
        message: str,
        value: Any = None,
        name: str | None = None,
        definition: Any = None,
        rule: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.value = value
        self.name = name
        self.definition = definition
        self.rule = rule


class JsonSchemaValuesException(Invalid):
    """The generated code's error for several values."""

    def __init__(self, errors: list[JsonSchemaValueException]) -> None:
        self.message = "; ".join(error.message for error in errors)
        super().__init__(self.message)
        self.errors = errors
