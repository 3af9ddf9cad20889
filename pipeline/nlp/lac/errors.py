"""The error of a missing or unexpected LAC model."""


class LacError(RuntimeError):
    """The LAC model files are missing or not the ones this project was trained with."""
